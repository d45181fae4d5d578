import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRealistic } from '../bench/realistic.js';
import { check, type CheckOptions, checkState, withSequence } from '../src/check.js';
import { resolveSettings } from '../src/config/settings.js';
import type { ShardState } from '../src/model/shard-state.js';
import { mergeStates } from '../src/shards/merge.js';
import { renderJson } from '../src/report/json.js';
import { asShardState } from '../src/report/state-file.js';
import { captureFixtures, ROOT } from './helpers/fixtures.js';

/** Shard I of N's state, as `check --shard I/N --format state` writes it and merge reads it back (schema-checked). */
async function stateOf(
  paths: readonly string[],
  opts: CheckOptions,
  index: number,
  count: number,
): Promise<ShardState> {
  const settings = resolveSettings(paths.length, withSequence(paths, { ...opts, shard: { index, count } }));
  const state = await checkState(paths, settings, { b4: [], rules: undefined });
  return asShardState(`part-${index + 1}.state`, JSON.parse(JSON.stringify(state)));
}

/** The merged report of N shards, as JSON text; `order` permutes the states given to merge. */
async function merged(paths: readonly string[], opts: CheckOptions, n: number, reverse = false): Promise<string> {
  const states = [];
  for (let i = 0; i < n; i++) states.push({ name: `part-${i + 1}.state`, state: await stateOf(paths, opts, i, n) });
  if (reverse) states.reverse();
  return renderJson(mergeStates(states).report);
}

const whole = async (paths: readonly string[], opts: CheckOptions = {}): Promise<string> =>
  renderJson(await check(paths, opts));

const multiSoftwire: string[] = [];
for (const rel of captureFixtures()) {
  const path = join(ROOT, rel);
  try {
    if ((await check([path])).softwires.length >= 2) multiSoftwire.push(path);
  } catch {
    // Captures check refuses (not a capture at all) have no shards either.
  }
}

describe('--shard I/N and merge of the states', () => {
  it('finds the multi-softwire fixtures to split', () => {
    expect(multiSoftwire.length).toBeGreaterThanOrEqual(50);
  });

  it.each(multiSoftwire.map((p) => [p.slice(ROOT.length)]))(
    'give the bytes of one run at N = 1, 2 and 5 (%s)',
    async (rel) => {
      const paths = [join(ROOT, rel)];
      const one = await whole(paths);
      for (const n of [1, 2, 5]) expect(await merged(paths, {}, n, n === 5)).toBe(one);
    },
  );

  it('give the bytes of one run on every fixture read as one sequence (hundreds of softwires, findings of 30 rules)', async () => {
    const paths = captureFixtures()
      .filter((p) => !p.includes('/fuzz/') && !p.includes('/malformed/'))
      .map((p) => join(ROOT, p));
    const opts: CheckOptions = { sequence: true };
    const one = await whole(paths, opts);
    const report = JSON.parse(one) as { softwires: unknown[]; findings: { rule: string }[] };
    expect(report.softwires.length).toBeGreaterThan(200);
    expect(new Set(report.findings.map((f) => f.rule)).size).toBeGreaterThan(20);
    for (const n of [2, 5]) expect(await merged(paths, opts, n)).toBe(one);
    // Past the per-rule limit the kept findings are those that sort first, in every shard and in the merge.
    const capped: CheckOptions = { ...opts, maxFindingsPerRule: 2 };
    const oneCapped = await whole(paths, capped);
    expect(Object.keys(JSON.parse(oneCapped).summary.suppressedFindings).length).toBeGreaterThan(5);
    for (const n of [2, 5]) expect(await merged(paths, capped, n)).toBe(oneCapped);
  }, 120_000);

  it('give the bytes of one run on a generated capture of 1,000 B4s', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dslite-shards-')), 'b4s.pcap');
    generateRealistic(path, { packets: 30_000, b4s: 1000, seed: 21 });
    const one = await whole([path]);
    expect(JSON.parse(one).softwires.length).toBe(1000);
    for (const n of [1, 2, 5]) expect(await merged([path], {}, n)).toBe(one);
    // Each shard holds its own softwires, every softwire in one shard.
    const states = await Promise.all([0, 1, 2, 3, 4].map((i) => stateOf([path], {}, i, 5)));
    const counts = states.map((s) => s.softwires.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const c of counts) expect(c).toBeGreaterThan(150);
  }, 60_000);
});

describe('merge of shard states past the bounds of one run', () => {
  it('says so beside the verdict when the shards together track more flows than one run holds', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dslite-shards-')), 'flows.pcap');
    generateRealistic(path, { packets: 20_000, b4s: 200, seed: 5 });
    const flows = (JSON.parse(await whole([path])) as { summary: { flows: { total: number } } }).summary.flows.total;
    expect(flows).toBeGreaterThan(1000);
    const within = JSON.parse(await merged([path], { maxFlows: flows }, 2)) as { summary: { warnings: string[] } };
    expect(within.summary.warnings.filter((w) => w.includes('--max-flows'))).toEqual([]);
    const past = JSON.parse(await merged([path], { maxFlows: flows - 1 }, 2)) as { summary: { warnings: string[] } };
    expect(past.summary.warnings).toContainEqual(
      `the 2 shards tracked ${flows} inner flows, against --max-flows ${flows - 1} for one run: the flow table and counts may differ from one run's`,
    );
  });
});

describe('merge of shard states refuses what is not one run', () => {
  const path = join(ROOT, 'fixtures/pcaps/demo/demo.pcapng');
  const named = (state: ShardState, name = `part-${state.shard.index + 1}.state`) => ({ name, state });
  it('a missing shard, a shard given twice, another run, another shard count', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map((i) => stateOf([path], {}, i, 3)));
    expect(() => mergeStates([named(a!), named(b!)])).toThrow('shard 3 of 3 missing');
    expect(() => mergeStates([named(a!), named(b!), named(b!, 'copy.state'), named(c!)])).toThrow(
      'copy.state: shard 2/3 is also given as part-2.state',
    );
    const other = await stateOf([path], { mtu: 1400 }, 1, 3);
    expect(() => mergeStates([named(a!), named(other), named(c!)])).toThrow('other captures or settings');
    const half = await stateOf([path], {}, 1, 2);
    expect(() => mergeStates([named(a!), named(half), named(c!)])).toThrow('one of 2 shards, not 3');
    // The same path holding other bytes: a file rotated over between the shards' runs.
    const rotated = { ...b!, inputs: b!.inputs.map((i) => ({ ...i, frames: i.frames + 1 })) };
    expect(() => mergeStates([named(a!), named(rotated), named(c!)])).toThrow(
      'part-2.state: not a shard of the run part-1.state is from (the captures hold other frames)',
    );
  });
  it('a report asked of one shard', async () => {
    await expect(check([path], { shard: { index: 0, count: 2 } })).rejects.toThrow(
      'a shard gives a partial state (checkState), not a report',
    );
  });
  it('a state of another version or a damaged one', async () => {
    const a = await stateOf([path], {}, 0, 1);
    expect(() => asShardState('v2.state', { ...a, version: 2 })).toThrow('v2.state: shard state version 2');
    expect(() => asShardState('bad.state', { ...a, findings: 'none' })).toThrow('bad.state: not a valid shard state');
    const past = { ...a, shard: { index: 1, count: 1 } };
    expect(() =>
      mergeStates([
        { name: 'a.state', state: a },
        { name: 'past.state', state: past },
      ]),
    ).toThrow('past.state: shard 2 of 1 is no shard of 1: a damaged state');
  });
});
