import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { captureFixtures, fixture } from '../../test/helpers/fixtures.js';
import { makeBaseline } from './baseline.js';
import { reportValidator } from './json.js';
import { mergeReports, withBaseline } from './merge.js';

/** Fixtures read as tunnel captures, in groups, against one run over the same group. */
const files = captureFixtures().filter((f) => !f.includes('third-party') || f.endsWith('.pcap'));
const groups: string[][] = [];
for (let i = 0; i < files.length; i += 7) groups.push(files.slice(i, i + 7));

describe('mergeReports equals one run over the same captures', () => {
  it.each(groups.map((g, i) => [i, g] as const))('group %i', async (_i, group) => {
    const one = await check(group, { top: 20 });
    const parts = await Promise.all(group.map((f) => check([f], { top: 20 })));
    const merged = mergeReports(parts, { top: 20 });
    expect(merged).toEqual(one);
    const v = reportValidator();
    expect(v(merged), JSON.stringify(v.errors)).toBe(true);
  });
  it('with a baseline applied after merging, as one run applies it', async () => {
    const a = fixture('twopoint/b4-bad-tunnel.pcapng');
    const b = fixture('fragmentation/inner-b4.pcap');
    const base = makeBaseline((await check([a])).findings);
    const one = await check([a, b], { baseline: base });
    const merged = withBaseline(mergeReports([await check([a]), await check([b])], { top: 100 }), base);
    expect(merged).toEqual(one);
    expect(one.summary.baselined).toBeGreaterThan(0);
    // The baseline holds b4-bad's one ADV-008 (a finding without softwire or flow): inner-b4's own is a second one, new.
    expect(one.findings.map((f) => f.rule)).toEqual(['ADV-008', 'FRAG-002']);
  });
  it("a side capture's findings count with its own tunnel capture in a merge of two-point runs", async () => {
    const r = await check([fixture('twopoint/b4-bad-tunnel.pcapng')], {
      lan: { path: fixture('twopoint/b4-bad-lan.pcapng') },
    });
    expect(r.findings.some((f) => f.rule === 'FRAG-001' && f.input === 1)).toBe(true);
    const merged = withBaseline(mergeReports([r, r], { top: 20 }), makeBaseline([]));
    expect(merged.findings.some((f) => f.rule === 'FRAG-001' && f.input === 3)).toBe(true);
    expect(merged.rules.find((x) => x.rule === 'FRAG-001')!.results).toEqual([
      { input: 0, status: 'failed', findings: 1 },
      { input: 2, status: 'failed', findings: 1 },
    ]);
  });
  it('a gate given to the merge judges the merged findings', async () => {
    const r = mergeReports(
      [await check([fixture('tunnel/ptb-tiny.pcap')]), await check([fixture('demo/demo.pcapng')])],
      { top: 20, gate: { failOn: 'never', maxWarnings: 1 } },
    );
    expect(r.summary).toMatchObject({
      verdict: 'fail',
      failOn: 'never',
      maxWarnings: 1,
      findings: { error: 1, warning: 2 },
    });
  });
});
