/**
 * Captures built to exhaust state (`npm run bench:adversarial`), each checked as a whole
 * process under the memory cap (`--memory`, default 256 MB), with what the report says it
 * dropped and its speed against the normal benchmark's traffic (the floor is a third of it).
 * Each capture is compared with normal traffic of as many packets (the benchmark
 * generator's mix, its first N packets), the two checked alternately, best of `--repeat`
 * (3) each: this machine's speed drifts by a fifth within minutes, so timings from other
 * minutes would not compare, and a capture of 65,535 packets is judged against 65,535
 * normal ones (the compiler's warm-up weighs on both alike). Speeds are per second of
 * checking: the process start (timed on a one-frame capture, alternately too) is taken off.
 * The ratio is given per packet and per byte (full-size fragments are three times the normal
 * traffic's mean frame):
 *  - one million outer fragment sets that never complete (first fragments only, distinct IDs);
 *  - 65,535 fragments of one datagram (same ID, consecutive 8-byte pieces, never a last one);
 *  - one million distinct inner flows (1,000 B4s);
 *  - one million distinct B4s (one softwire each);
 *  - an overlapping-fragment flood (every set's second fragment overlaps its first, with other bytes);
 *  - a pcapng with 5,000 interfaces, packets spread over all of them.
 * Files go to a temporary directory that is removed at the end.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Ip6Key, parseIp6 } from '../src/codec/addr.js';
import { encodeEthernet } from '../src/codec/ethernet.js';
import { encodeIpv6, ipv6Header } from '../src/codec/ipv6.js';
import { encodeExt } from '../src/codec/ipv6-ext.js';
import { encodeIpv4, fillIpv4Checksum, ipv4Header } from '../src/codec/ipv4.js';
import { encodeUdp } from '../src/codec/udp.js';
import { measure } from './measure.js';
import { generate, pcapWriter } from './generate.js';

const CLI = fileURLToPath(new URL('../bundle/cli.js', import.meta.url));
const AFTR = parseIp6('2001:db8::1')!;
/** The memory cap every adversarial capture must stay under (the default). */
export const CAP_MB = 256;

/**
 * A buffered capture writer: classic µs pcap (the benchmark generator's), or pcapng with
 * `interfaces` Interface Description Blocks (Ethernet, snaplen 65535) and µs timestamps.
 * `frame(i, len, fill)` appends record i, timed 10 µs after the one before.
 */
function writer(
  path: string,
  pcapng = false,
  interfaces = 1,
): { frame(i: number, len: number, fill: (b: Buffer, at: number) => void, iface?: number): void; close(): void } {
  const time = (i: number): [number, number] => [1767225600 + Math.floor(i / 100_000), (i % 100_000) * 10];
  if (!pcapng) {
    const w = pcapWriter(path);
    return {
      frame(i, len, fill) {
        const out = w.room(16 + len);
        const at = w.at();
        const [t, us] = time(i);
        out.writeUInt32LE(t, at);
        out.writeUInt32LE(us, at + 4);
        out.writeUInt32LE(len, at + 8);
        out.writeUInt32LE(len, at + 12);
        fill(out, at + 16);
        w.advance(16 + len);
      },
      close: w.close,
    };
  }
  const fd = openSync(path, 'w');
  const out = Buffer.alloc(4 << 20);
  let pos = 0;
  const flush = (): void => {
    writeSync(fd, out, 0, pos);
    pos = 0;
  };
  // Section header, then one Interface Description Block per interface.
  out.writeUInt32LE(0x0a0d0d0a, 0);
  out.writeUInt32LE(28, 4);
  out.writeUInt32LE(0x1a2b3c4d, 8);
  out.writeUInt16LE(1, 12);
  out.writeBigInt64LE(-1n, 16);
  out.writeUInt32LE(28, 24);
  pos = 28;
  for (let i = 0; i < interfaces; i++) {
    if (pos + 20 > out.length) flush();
    out.writeUInt32LE(1, pos);
    out.writeUInt32LE(20, pos + 4);
    out.writeUInt16LE(1, pos + 8);
    out.writeUInt16LE(0, pos + 10);
    out.writeUInt32LE(65535, pos + 12);
    out.writeUInt32LE(20, pos + 16);
    pos += 20;
  }
  return {
    frame(i, len, fill, iface = 0) {
      const pad = (4 - (len % 4)) % 4;
      const total = 32 + len + pad;
      if (pos + total > out.length) flush();
      const [t, us] = time(i);
      const ts = BigInt(t) * 1_000_000n + BigInt(us);
      out.writeUInt32LE(6, pos);
      out.writeUInt32LE(total, pos + 4);
      out.writeUInt32LE(iface, pos + 8);
      out.writeUInt32LE(Number(ts >> 32n), pos + 12);
      out.writeUInt32LE(Number(ts & 0xffffffffn), pos + 16);
      out.writeUInt32LE(len, pos + 20);
      out.writeUInt32LE(len, pos + 24);
      fill(out, pos + 28);
      out.fill(0, pos + 28 + len, pos + total - 4);
      out.writeUInt32LE(total, pos + total - 4);
      pos += total;
    },
    close() {
      flush();
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

const b4Key = (n: number): Ip6Key =>
  parseIp6(`2001:db8:${(0x100 + (n >>> 16)).toString(16)}:${(n & 0xffff).toString(16)}::2`)!;

/** One 100-byte UDP datagram in a softwire from B4 `b4`, inner source port `port`, to remote `remote`. */
function udpFrame(out: Buffer, at: number, b4: Ip6Key, port: number, remote: number): void {
  let p = encodeEthernet({ dst: 0x02000000ff01, src: 0x020000000001, etherType: 0x86dd }, out, at);
  p = encodeIpv6(
    ipv6Header({ trafficClass: 0, flowLabel: 0, payloadLength: 100, nextHeader: 4, hopLimit: 64, src: b4, dst: AFTR }),
    out,
    p,
  );
  encodeIpv4(ipv4Header({ totalLength: 100, id: port, ttl: 63, protocol: 17, src: 0xc0a8010a, dst: remote }), out, p);
  fillIpv4Checksum(out, p);
  encodeUdp({ kind: 'udp', srcPort: port, dstPort: 53, length: 80, checksum: 0 }, out, p + 20);
  out.fill(0x5a, p + 28, p + 100);
}
const UDP_FRAME = 14 + 40 + 100;

/** Writes `n` outer fragments; `piece(i)` gives (fragment ID, byte offset, data length, more, fill byte) for fragment i. */
export function writeFragments(
  path: string,
  n: number,
  piece: (i: number) => [number, number, number, boolean?, number?],
  b4s = 1000,
  b4Of: (i: number) => number = (i) => i,
): void {
  const w = writer(path);
  const inner = Buffer.alloc(1500);
  encodeIpv4(
    ipv4Header({ totalLength: 1500, id: 1, ttl: 63, protocol: 17, src: 0xc0a8010a, dst: 0xc6336450 }),
    inner,
    0,
  );
  fillIpv4Checksum(inner, 0);
  const keys = Array.from({ length: Math.min(b4s, 65536) }, (_x, i) => b4Key(i));
  for (let i = 0; i < n; i++) {
    const [id, offset, len, more = true, fill] = piece(i);
    w.frame(i, 14 + 48 + len, (out, at) => {
      let p = encodeEthernet({ dst: 0x02000000ff01, src: 0x020000000000 + (i % 1000), etherType: 0x86dd }, out, at);
      p = encodeIpv6(
        ipv6Header({
          trafficClass: 0,
          flowLabel: 0,
          payloadLength: 8 + len,
          nextHeader: 44,
          hopLimit: 64,
          src: keys[b4Of(i) % keys.length]!,
          dst: AFTR,
        }),
        out,
        p,
      );
      p = encodeExt({ kind: 'fragment', nextHeader: 4, reserved: 0, offset: offset / 8, res: 0, more, id }, out, p);
      if (offset === 0) inner.copy(out, p, 0, len);
      else out.fill(fill ?? 0x33, p, p + len);
    });
  }
  w.close();
}

export interface Adversary {
  readonly name: string;
  readonly frames: number;
  /** Writes the capture; returns its file name. */
  make(dir: string): string;
  /** What the report says was dropped or bounded. */
  dropped(r: AdvReport): string;
}

export interface AdvReport {
  summary: {
    frames: number;
    softwires: number;
    flows: { total: number; evicted: number; listed: number };
    suppressedFindings: Record<string, number>;
  };
  anomalies: { id: string; count: number }[];
  findings: { rule: string }[];
  softwires: unknown[];
  inputs: { interfaces: unknown[] }[];
}

const anomaly = (r: AdvReport, prefix: string): string =>
  r.anomalies
    .filter((a) => a.id.startsWith(prefix))
    .map((a) => `${a.id} ${a.count.toLocaleString('en')}`)
    .join(', ') || 'none';

export const ADVERSARIES: readonly Adversary[] = [
  {
    name: '1M incomplete fragment sets',
    frames: 1_000_000,
    make(dir) {
      const f = join(dir, 'million-sets.pcap');
      writeFragments(f, 1_000_000, (i) => [i + 1, 0, 1448]);
      return f;
    },
    dropped: (r) =>
      `${anomaly(r, 'reassembly.')}; FRAG-012 findings listed ${r.findings.filter((f) => f.rule === 'FRAG-012').length}, more not listed ${r.summary.suppressedFindings['FRAG-012'] ?? 0}`,
  },
  {
    name: '65,535 fragments of one datagram',
    frames: 65_535,
    make(dir) {
      const f = join(dir, 'one-datagram.pcap');
      writeFragments(f, 65_535, (i) => [0xabcdef, i * 8, 8], 1);
      return f;
    },
    dropped: (r) => anomaly(r, 'reassembly.'),
  },
  {
    name: '1M distinct flows',
    frames: 1_000_000,
    make(dir) {
      const f = join(dir, 'million-flows.pcap');
      const w = writer(f);
      const keys = Array.from({ length: 1000 }, (_x, i) => b4Key(i));
      // Every packet its own flow: 1,000 B4s × 1,000 remotes × distinct source ports.
      for (let i = 0; i < 1_000_000; i++)
        w.frame(i, UDP_FRAME, (out, at) =>
          udpFrame(
            out,
            at,
            keys[i % 1000]!,
            1024 + (Math.floor(i / 1000) % 60000),
            (0xc6336400 + Math.floor(i / 60000)) | 0,
          ),
        );
      w.close();
      return f;
    },
    dropped: (r) =>
      `flows ${r.summary.flows.total.toLocaleString('en')} seen, ${r.summary.flows.evicted.toLocaleString('en')} folded away (--max-flows), ${r.summary.flows.listed} listed`,
  },
  {
    name: '1M distinct B4s',
    frames: 1_000_000,
    make(dir) {
      const f = join(dir, 'million-b4s.pcap');
      const w = writer(f);
      for (let i = 0; i < 1_000_000; i++) {
        const key = b4Key(i);
        w.frame(i, UDP_FRAME, (out, at) => udpFrame(out, at, key, 40000, 0xc6336450 | 0));
      }
      w.close();
      return f;
    },
    dropped: (r) =>
      `softwires ${r.summary.softwires.toLocaleString('en')} seen, ${r.softwires.length.toLocaleString('en')} listed; ${anomaly(r, 'limit.')}`,
  },
  {
    name: 'overlapping-fragment flood',
    frames: 999_999,
    make(dir) {
      const f = join(dir, 'overlap-flood.pcap');
      // Sets of three: [0, 1448) first, [8, 1456) over it with other bytes, then a last piece: each completes overlapping.
      writeFragments(
        f,
        999_999,
        (i) => {
          const id = Math.floor(i / 3) + 1;
          const k = i % 3;
          return k === 0 ? [id, 0, 1448] : k === 1 ? [id, 8, 1448, true, 0x44] : [id, 1456, 44, false];
        },
        1000,
        (i) => Math.floor(i / 3),
      );
      return f;
    },
    dropped: (r) =>
      `${anomaly(r, 'reassembly.')}; FRAG-008 findings listed ${r.findings.filter((f) => f.rule === 'FRAG-008').length}, more not listed ${(r.summary.suppressedFindings['FRAG-008'] ?? 0).toLocaleString('en')}`,
  },
  {
    name: 'pcapng with 5,000 interfaces',
    frames: 1_000_000,
    make(dir) {
      const f = join(dir, 'interfaces.pcapng');
      const w = writer(f, true, 5000);
      const keys = Array.from({ length: 1000 }, (_x, i) => b4Key(i));
      for (let i = 0; i < 1_000_000; i++)
        w.frame(
          i,
          UDP_FRAME,
          (out, at) => udpFrame(out, at, keys[i % 1000]!, 40000 + (i % 8), 0xc6336450 | 0),
          i % 5000,
        );
      w.close();
      return f;
    },
    dropped: (r) => `${r.inputs[0]!.interfaces.length.toLocaleString('en')} interfaces listed`,
  },
];

/** Checks one capture as a whole process: its time and peak RSS, and the report. */
async function timeCheck(
  path: string,
  memory: number | undefined,
): Promise<{ seconds: number; peakRssMb: number; report: AdvReport }> {
  const report = `${path}.json`;
  const m = await measure(process.execPath, [
    CLI,
    path,
    '--format',
    'json',
    '-o',
    report,
    '--fail-on',
    'never',
    '--quiet',
    ...(memory ? ['--memory', String(memory)] : []),
  ]);
  if (m.code !== 0) throw new Error(`${path}: exit ${m.code}`);
  const r = JSON.parse(readFileSync(report, 'utf8')) as AdvReport;
  rmSync(report);
  return { seconds: m.seconds, peakRssMb: m.peakRssMb, report: r };
}

export interface AdvResult {
  readonly name: string;
  readonly frames: number;
  readonly bytes: number;
  /** Best time of the runs, and the highest peak RSS. */
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly dropped: string;
}

/** The normal traffic a capture is compared with: as many packets, timed in the same minutes. */
export interface Baseline {
  readonly frames: number;
  readonly bytes: number;
  /** Best time of the runs. */
  readonly seconds: number;
  /** Best time of a one-frame capture: the process start. */
  readonly startup: number;
}

/**
 * Checks an adversarial capture `repeat` times, each run followed by one of the normal
 * traffic (`normal`, as many packets) and one of a one-frame capture (`one`).
 */
export async function runAdversary(
  a: Adversary,
  dir: string,
  normal: { path: string; frames: number },
  one: string,
  repeat = 3,
  memory?: number,
): Promise<{ result: AdvResult; base: Baseline }> {
  const path = a.make(dir);
  const bytes = statSync(path).size;
  let seconds = Infinity;
  let peakRssMb = 0;
  let baseSeconds = Infinity;
  let startup = Infinity;
  let report: AdvReport | undefined;
  for (let i = 0; i < repeat; i++) {
    const t = await timeCheck(path, memory);
    seconds = Math.min(seconds, t.seconds);
    peakRssMb = Math.max(peakRssMb, t.peakRssMb);
    report = t.report;
    baseSeconds = Math.min(baseSeconds, (await timeCheck(normal.path, memory)).seconds);
    startup = Math.min(startup, (await timeCheck(one, memory)).seconds);
  }
  rmSync(path);
  if (report!.summary.frames !== a.frames)
    throw new Error(`${a.name}: the report counts ${report!.summary.frames} frames, ${a.frames} were written`);
  return {
    result: { name: a.name, frames: a.frames, bytes, seconds, peakRssMb, dropped: a.dropped(report!) },
    base: { frames: normal.frames, bytes: statSync(normal.path).size, seconds: baseSeconds, startup },
  };
}

const per = (n: number, seconds: number, startup: number): number => n / Math.max(1e-3, seconds - startup);

/** Packets per second of checking, the capture's and the normal traffic's. */
export const speeds = (
  x: AdvResult,
  base: Baseline,
): { pps: number; bps: number; basePps: number; baseBps: number } => ({
  pps: per(x.frames, x.seconds, base.startup),
  bps: per(x.bytes, x.seconds, base.startup),
  basePps: per(base.frames, base.seconds, base.startup),
  baseBps: per(base.bytes, base.seconds, base.startup),
});

export const resultLine = (x: AdvResult, cap: number, base?: Baseline): string => {
  const s = base && speeds(x, base);
  const pps = s ? s.pps : x.frames / x.seconds;
  const ratio = s
    ? `, ${(s.pps / s.basePps).toFixed(2)}× the packets/s of as many normal packets (${Math.round(s.basePps).toLocaleString('en-US')}), ${(s.bps / s.baseBps).toFixed(2)}× their bytes/s${s.pps < s.basePps / 3 ? ' BELOW A THIRD' : ''}`
    : '';
  return `${x.name}: ${x.frames.toLocaleString('en-US')} frames (${(x.bytes / 1e6).toFixed(0)} MB) in ${x.seconds.toFixed(2)} s (${Math.round(pps).toLocaleString('en-US')} packets/s${ratio}), peak RSS ${x.peakRssMb.toFixed(0)} MB (cap ${cap})${x.peakRssMb > cap ? ' OVER THE CAP' : ''}; dropped or bounded: ${x.dropped}`;
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined =>
    args.indexOf(`--${name}`) >= 0 ? args[args.indexOf(`--${name}`) + 1] : undefined;
  const only = opt('only');
  const repeat = Number(opt('repeat') ?? 3);
  const memory = opt('memory') !== undefined ? Number(opt('memory')) : undefined;
  const cap = memory ?? CAP_MB;
  const dir = mkdtempSync(join(tmpdir(), 'dslite-adversarial-'));
  let over = 0;
  try {
    const one = join(dir, 'one.pcap');
    generate(one, { packets: 1, b4s: 1, seed: 6333, oversized: 0 });
    // Normal traffic per packet count, made once: the benchmark's mix, the same seed.
    const normals = new Map<number, { path: string; frames: number }>();
    const normalOf = (frames: number): { path: string; frames: number } => {
      let n = normals.get(frames);
      if (!n) {
        const path = join(dir, `normal-${frames}.pcap`);
        n = { path, frames: generate(path, { packets: frames, b4s: 1000, seed: 6333, oversized: 0.026 }).frames };
        normals.set(frames, n);
      }
      return n;
    };
    for (const a of ADVERSARIES.filter((x) => !only || x.name.includes(only))) {
      const { result, base } = await runAdversary(a, dir, normalOf(a.frames), one, repeat, memory);
      const s = speeds(result, base);
      if (result.peakRssMb > cap || s.pps < s.basePps / 3) over++;
      process.stdout.write(`${resultLine(result, cap, base)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = over ? 1 : 0;
}

// Run only as a script, so the generators can be imported (for profiling, and by the benchmark).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
