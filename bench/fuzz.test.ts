import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { reportValidator } from '../src/report/json.js';
import { fuzz, loadSeeds } from './fuzz.js';
import { MUTATORS, mutate, prng } from './fuzz-mutate.js';
import { corruptAndCheck, corruptibleFixtures } from './editcap-corrupt.js';
import { FIXTURES } from '../test/helpers/fixtures.js';

describe('fuzz smoke (CI): the full budget is npm run fuzz', () => {
  it('3,000 mutated inputs through every entry point: no exception, none over a second, memory under the cap', async () => {
    const r = await fuzz({ executions: 3000, seed: 20261129, capMb: 256 });
    expect(r.failures).toEqual([]);
    expect(r.slowestMs).toBeLessThan(1000);
    for (const entry of ['check', 'two-point', 'diff', 'dissect', 'encapsulate'])
      expect(r.executions[entry], entry).toBeGreaterThan(0);
    for (const m of Object.keys(MUTATORS)) expect(r.mutations[m], m).toBeGreaterThan(0);
  }, 120_000);
  it('the seeds are the fixtures, read with their record layout', () => {
    const seeds = loadSeeds();
    expect(seeds.length).toBeGreaterThan(100);
    for (const s of seeds) for (const x of s.records) expect(x.end).toBeLessThanOrEqual(s.bytes.length);
    // Field offsets point at IP headers: an IPv6 payload length 4 bytes after a version-6 nibble, or an IPv4 header's first byte.
    const heads = seeds.flatMap((s) =>
      s.records
        .filter((x) => x.fields.length)
        .map((x) => (s.bytes[x.fields[0]! - 4]! >> 4 === 6 ? 6 : s.bytes[x.fields[0]!]! >> 4)),
    );
    expect(heads.length).toBeGreaterThan(1000);
    expect(heads.filter((v) => v === 6 || v === 4)).toHaveLength(heads.length);
  });
  it('mutations are deterministic for a seed, and change the input', () => {
    const seeds = loadSeeds();
    const a = mutate(seeds[0]!, prng(5), seeds);
    const b = mutate(seeds[0]!, prng(5), seeds);
    expect(a).toEqual(b);
    let changed = 0;
    const r = prng(9);
    for (let i = 0; i < 200; i++)
      if (!mutate(seeds[i % seeds.length]!, r, seeds).bytes.equals(seeds[i % seeds.length]!.bytes)) changed++;
    expect(changed).toBeGreaterThan(180);
  });
});

/** Inputs the fuzzer found crashes with, kept with what each one broke (fixtures/pcaps/fuzz/README.md). */
describe('fuzz regressions', () => {
  const dir = join(FIXTURES, 'fuzz');
  const files = readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f));
  it('are all here', () => {
    expect(files.sort()).toEqual(['epb-caplen-2g.pcapng', 'outer-piece-past-end.pcap']);
  });
  it.each(files)('%s yields a report', async (f) => {
    const r = await check([readFileSync(join(dir, f))]);
    const v = reportValidator();
    expect(v(r), JSON.stringify(v.errors)).toBe(true);
  });
  it('a captured length of 2^31 is a malformed block, and reading goes on', async () => {
    const r = await check([join(dir, 'epb-caplen-2g.pcapng')]);
    expect(r.anomalies.map((a) => a.id)).toContain('capture.malformed_block');
    expect(r.summary.frames).toBe(6);
  });
  it('an outer fragment past the end a last fragment set is left out of the reassembly', async () => {
    const r = await check([join(dir, 'outer-piece-past-end.pcap')]);
    expect(r.summary.frames).toBe(5);
  });
});

const hasEditcap = spawnSync('editcap', ['-h']).status === 0;
describe.skipIf(!hasEditcap && !process.env['CI'])(
  'editcap -E 0.05 corruption through the CLI (smoke: one copy of every fixture; npm run fuzz makes 50)',
  () => {
    it('exit 0 or 1, never 2 for a readable file, never a stack trace', () => {
      const dir = mkdtempSync(join(tmpdir(), 'dslite-editcap-'));
      try {
        const fixtures = corruptibleFixtures();
        const r = corruptAndCheck(fixtures, [20261129], dir, 100);
        expect(r.failures).toEqual([]);
        expect(r.copies).toBe(fixtures.length);
        expect(Object.keys(r.exits).every((k) => k === '0' || k === '1')).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  },
);
