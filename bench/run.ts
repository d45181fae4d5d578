/**
 * `npm run bench`: the whole pipeline on generated captures, timed as a process, with tshark
 * and tcpdump (TZ=UTC) on the same file where installed: first the realistic mix
 * (bench/realistic.ts: flows that come and go, outer fragments in every order, inner
 * fragments, ICMP errors, frames beside the tunnel, VLAN tags), then `--jobs 2` on that one
 * capture, then the clean mix (bench/generate.ts); then the realistic mix at 1M and 5M packets
 * to show memory does not grow with capture size. Everything it writes goes to a temporary
 * directory that is removed at the end.
 * Then a two-point run: a tunnel capture and the AFTR's Internet side of the same traffic
 * (`check --internet`), timed the same way, against tshark and tcpdump reading both files.
 * Then the reference encapsulator and the capture diff: `encap` over that Internet side
 * (about a million IPv4 packets), twice with different fragment Identifications, and
 * `diff` of the two outputs (which must come out equivalent); encap against the two tools
 * reading its input, diff against them reading both its captures.
 * First, start-up times (bench/startup.ts).
 *   options: --packets N (2000000)  --b4s N (1000)  --repeat N (3)  --no-scale  --no-others  --no-two-point  --no-encap  --no-startup
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';
import { generateRealistic, type MixStats } from './realistic.js';
import { installed, measure, type Measurement } from './measure.js';
import { startup } from './startup.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const packets = opt('packets', 2_000_000);
const b4s = opt('b4s', 1000);
const repeat = opt('repeat', 3);
const scale = !args.includes('--no-scale');
const others = !args.includes('--no-others');
const twoPoint = !args.includes('--no-two-point');
const encapDiff = !args.includes('--no-encap');
const startupRuns = args.includes('--no-startup') ? 0 : 15;
const CLI = fileURLToPath(new URL('../bundle/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dslite-bench-'));

interface Row {
  tool: string;
  packets: number;
  m: Measurement;
}

const mpps = (r: Row): number => r.packets / r.m.seconds;
const fmt = (n: number, d = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function best(tool: string, n: number, cmd: string, argv: string[], times: number): Promise<Row> {
  let bestRow: Row | undefined;
  for (let i = 0; i < times; i++) {
    const m = await measure(cmd, argv);
    if (m.code !== 0 && !(tool === 'dslite-check' && m.code === 1)) throw new Error(`${tool} exited with ${m.code}`);
    if (!bestRow || m.seconds < bestRow.m.seconds)
      bestRow = { tool, packets: n, m: { ...m, peakRssMb: Math.max(m.peakRssMb, bestRow?.m.peakRssMb ?? 0) } };
    else bestRow = { ...bestRow, m: { ...bestRow.m, peakRssMb: Math.max(bestRow.m.peakRssMb, m.peakRssMb) } };
  }
  return bestRow!;
}

function gen(n: number): { file: string; frames: number } {
  const file = join(dir, `bench-${n}.pcap`);
  const t = performance.now();
  const g = generate(file, { packets: n, b4s, seed: 6333, oversized: 0.026 });
  process.stdout.write(
    `generated ${fmt(g.frames)} frames from ${b4s} B4s (${((100 * g.fragmentFrames) / g.frames).toFixed(1)} % outer fragments), ${fmt(g.bytes / 1e6)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );
  // A fragmented packet at the end may take the count one past n.
  return { file, frames: g.frames };
}

function genRealistic(
  n: number,
  file = join(dir, `realistic-${n}.pcap`),
  internetPath?: string,
): { file: string; frames: number; mix: MixStats } {
  const t = performance.now();
  const mix = generateRealistic(file, { packets: n, b4s, seed: 6333, ...(internetPath && { internetPath }) });
  const pc = (x: number, of = mix.frames): string => `${((100 * x) / of).toFixed(1)} %`;
  process.stdout.write(
    `generated the realistic mix: ${fmt(mix.frames)} frames from ${b4s} B4s, ${fmt(mix.flows)} flows; of the tunnel frames ${pc(mix.outerFragmentFrames, mix.tunnelFrames)} outer fragments, ` +
      `${pc(mix.innerFragmentFrames, mix.tunnelFrames)} inner fragments, ${fmt(mix.icmpErrors)} ICMP errors; ${pc(mix.otherFrames)} frames beside the tunnel, ${pc(mix.vlanFrames)} VLAN-tagged; ` +
      `${fmt(mix.bytes / 1e6)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );
  return { file, frames: mix.frames, mix };
}

/** The tools dslite-check is compared with, each reading a capture as a whole: tshark's conversation table, tcpdump's one line a packet. */
const OTHERS: readonly { tool: string; argv: (file: string) => string[] }[] = [
  { tool: 'tshark', argv: (file) => ['-r', file, '-q', '-z', 'conv,ipv6'] },
  { tool: 'tcpdump', argv: (file) => ['-nn', '-r', file] },
];

/**
 * tshark and tcpdump reading `files` (one process each, in turn: the time is their sum, the
 * peak the highest), once: what reading and decoding the same frames costs elsewhere.
 */
async function othersOn(files: readonly string[], frames: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { tool, argv } of OTHERS) {
    if (!others || !installed(tool)) {
      process.stdout.write(`${tool}: ${others ? 'not installed, ' : ''}skipped\n`);
      continue;
    }
    let seconds = 0;
    let peakRssMb = 0;
    for (const file of files) {
      const r = await best(tool, frames, tool, argv(file), 1);
      seconds += r.m.seconds;
      peakRssMb = Math.max(peakRssMb, r.m.peakRssMb);
    }
    rows.push({ tool, packets: frames, m: { seconds, peakRssMb, code: 0 } });
  }
  return rows;
}

/** The checker, then tshark and tcpdump, on one capture. */
async function compared(file: string, frames: number): Promise<Row[]> {
  return [
    await best('dslite-check', frames, process.execPath, [CLI, file, '--format', 'json', '-o', '/dev/null'], repeat),
    ...(await othersOn([file], frames)),
  ];
}

function table(title: string, rows: readonly Row[]): void {
  process.stdout.write(
    `\n${title}\n${'tool'.padEnd(22)}${'packets'.padStart(12)}${'seconds'.padStart(10)}${'packets/s'.padStart(14)}${'peak RSS MB'.padStart(13)}\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.tool.padEnd(22)}${fmt(r.packets).padStart(12)}${r.m.seconds.toFixed(2).padStart(10)}${fmt(mpps(r)).padStart(14)}${fmt(r.m.peakRssMb).padStart(13)}\n`,
    );
  ratios(rows[0]!, rows.slice(1));
}

/** `us` against each of `rows` that is not the checker: speed and peak memory as ratios. */
function ratios(us: Row, rows: readonly Row[]): void {
  for (const r of rows.filter((x) => !x.tool.startsWith('dslite-check')))
    process.stdout.write(
      `${us.tool} vs ${r.tool}: ${(mpps(us) / mpps(r)).toFixed(2)}× the speed, ${(us.m.peakRssMb / r.m.peakRssMb).toFixed(2)}× the memory\n`,
    );
}

/** The checker saw every frame and every softwire. */
async function sane(file: string, frames: number): Promise<void> {
  const out = join(dir, 'report.json');
  await measure(process.execPath, [CLI, file, '--format', 'json', '-o', out]);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { summary: { frames: number; softwires: number } };
  if (report.summary.frames !== frames || report.summary.softwires !== b4s)
    throw new Error(`unexpected report summary ${JSON.stringify(report.summary)}`);
}

async function main(): Promise<void> {
  // tcpdump prints local times: UTC keeps it from reading the zone database per run.
  process.env['TZ'] = 'UTC';
  if (startupRuns) process.stdout.write(`${await startup(startupRuns)}\n`);
  const real = genRealistic(packets);
  await sane(real.file, real.frames);
  const realRows = await compared(real.file, real.frames);
  // --jobs on one capture: what a second worker buys on it (the same report either way).
  realRows.push(
    await best(
      'dslite-check --jobs 2',
      real.frames,
      process.execPath,
      [CLI, real.file, '--jobs', '2', '--format', 'json', '-o', '/dev/null'],
      repeat,
    ),
  );
  table('realistic mix:', realRows);
  const one = realRows[0]!;
  const two = realRows[realRows.length - 1]!;
  process.stdout.write(`--jobs 2 on one capture: ${(mpps(two) / mpps(one)).toFixed(2)}× one job\n`);
  rmSync(real.file);

  const { file, frames } = gen(packets);
  await sane(file, frames);
  table('clean mix:', await compared(file, frames));
  rmSync(file);

  if (twoPoint) {
    const n = Math.min(packets, 1_000_000);
    const t = join(dir, 'two-point-tunnel.pcap');
    const i = join(dir, 'two-point-internet.pcap');
    const { mix: g } = genRealistic(n, t, i);
    const r = join(dir, 'two-point.json');
    await measure(process.execPath, [CLI, t, '--internet', i, '--format', 'json', '-o', r]);
    const tp = JSON.parse(readFileSync(r, 'utf8')) as {
      correlation: {
        pairs: { up: number; down: number };
        ambiguous: number;
        unpaired: { tunnel: number; other: number };
      }[];
      findings: { rule: string; severity: string }[];
      nat: { totals: { bindings: number } };
    };
    const c = tp.correlation[0]!;
    // The generator's AFTR translates consistently: any NAT finding is a checker bug.
    const natFindings = tp.findings.filter((f) => /^(NAT|ADDR|SEC|TTL|ICMP)-/.test(f.rule) && f.severity !== 'info');
    if (natFindings.length)
      throw new Error(
        `two-point run: NAT findings on consistent NAT traffic: ${natFindings.map((f) => f.rule).join(', ')}`,
      );
    if (c.pairs.up + c.pairs.down !== g.internetDatagrams)
      throw new Error(
        `two-point run paired ${c.pairs.up + c.pairs.down} of ${g.internetDatagrams} Internet-side datagrams`,
      );
    const row = await best(
      'dslite-check',
      g.frames + g.internetFrames,
      process.execPath,
      [CLI, t, '--internet', i, '--format', 'json', '-o', '/dev/null'],
      Math.min(repeat, 3),
    );
    process.stdout.write(
      `\ntwo-point (--internet): ${fmt(g.frames)} tunnel + ${fmt(g.internetFrames)} Internet-side frames in ${row.m.seconds.toFixed(2)} s (${fmt(mpps(row))} packets/s), peak RSS ${fmt(row.m.peakRssMb)} MB; ` +
        `pairs ${fmt(c.pairs.up + c.pairs.down)} of ${fmt(g.internetDatagrams)} datagrams (${fmt(c.ambiguous)} ambiguous), unpaired ${fmt(c.unpaired.tunnel)}/${fmt(c.unpaired.other)}, ${fmt(tp.nat.totals.bindings)} NAT bindings\n`,
    );
    ratios({ ...row, tool: 'two-point' }, await othersOn([t, i], g.frames + g.internetFrames));
    if (encapDiff) await encapAndDiff(i, g.internetFrames, g.internetDatagrams);
    rmSync(t);
    rmSync(i);
  }

  if (scale) {
    process.stdout.write('\nmemory against capture size (the realistic mix):\n');
    const sizes = [1_000_000, 5_000_000];
    const scaled: Row[] = [];
    for (const n of sizes) {
      const g = genRealistic(n);
      scaled.push(
        await best('dslite-check', g.frames, process.execPath, [CLI, g.file, '--format', 'json', '-o', '/dev/null'], 1),
      );
      rmSync(g.file);
    }
    for (const r of scaled)
      process.stdout.write(
        `  ${fmt(r.packets).padStart(10)} packets: ${fmt(mpps(r)).padStart(10)} packets/s, peak RSS ${fmt(r.m.peakRssMb)} MB\n`,
      );
    process.stdout.write(`  RSS at 5M / RSS at 1M = ${(scaled[1]!.m.peakRssMb / scaled[0]!.m.peakRssMb).toFixed(2)}\n`);
  }
}

/** `encap` over an IPv4 capture of `n` frames, `datagrams` once reassembled (AFTR direction, MTU 1500) twice, then `diff` of the two outputs. */
async function encapAndDiff(input: string, n: number, datagrams: number): Promise<void> {
  const a = join(dir, 'encap-a.pcap');
  const b = join(dir, 'encap-b.pcap');
  const encap = (out: string, fragId: number): string[] => [
    CLI,
    'encap',
    input,
    '-o',
    out,
    '--direction',
    'down',
    '--b4',
    '2001:db8:100::2',
    '--aftr',
    '2001:db8::1',
    '--frag-id',
    String(fragId),
  ];
  const e = await best('encap', n, process.execPath, encap(a, 1), Math.min(repeat, 3));
  await measure(process.execPath, encap(b, 1_000_000));
  const json = join(dir, 'diff.json');
  const check = await measure(process.execPath, [CLI, 'diff', a, b, '--format', 'json', '-o', json]);
  const d = JSON.parse(readFileSync(json, 'utf8')) as {
    expected: { frames: number; datagrams: number };
    actual: { frames: number };
    summary: { verdict: string; matched: number; peakWaiting: number };
  };
  if (check.code !== 0 || d.summary.verdict !== 'equivalent' || d.summary.matched !== datagrams)
    throw new Error(`diff of two encap runs: ${JSON.stringify(d.summary)}`);
  const frames = d.expected.frames + d.actual.frames;
  const r = await best(
    'diff',
    frames,
    process.execPath,
    [CLI, 'diff', a, b, '--format', 'json', '-o', '/dev/null'],
    Math.min(repeat, 3),
  );
  process.stdout.write(
    `\nencap: ${fmt(n)} IPv4 packets → ${fmt(d.expected.frames)} tunnel frames in ${e.m.seconds.toFixed(2)} s (${fmt(mpps(e))} input packets/s), peak RSS ${fmt(e.m.peakRssMb)} MB\n` +
      `diff: ${fmt(d.expected.frames)} + ${fmt(d.actual.frames)} frames, ${fmt(d.summary.matched)} datagrams paired in ${r.m.seconds.toFixed(2)} s ` +
      `(${fmt(mpps(r))} frames/s, ${fmt(d.summary.matched / r.m.seconds)} datagram pairs/s), peak RSS ${fmt(r.m.peakRssMb)} MB, at most ${d.summary.peakWaiting} datagrams waiting\n`,
  );
  // encap against the others reading its input; diff against them reading both its captures.
  ratios({ ...e, tool: 'encap' }, await othersOn([input], n));
  ratios({ ...r, tool: 'diff' }, await othersOn([a, b], frames));
  rmSync(a);
  rmSync(b);
}

main()
  .catch((e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
