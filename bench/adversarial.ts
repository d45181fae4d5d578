/**
 * Adversarial captures for the reassembly limits (`node dist/bench/adversarial.js`):
 *  - one million outer fragment sets that never complete (first fragments only, distinct IDs);
 *  - 65,535 fragments of one datagram (same ID, consecutive 8-byte pieces, never a last one).
 * Each is checked as a whole process; the run reports packets/s, peak RSS and what the
 * report says was dropped. Files go to a temporary directory that is removed at the end.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseIp6 } from '../src/codec/addr.js';
import { encodeEthernet } from '../src/codec/ethernet.js';
import { encodeIpv6, ipv6Header } from '../src/codec/ipv6.js';
import { encodeExt } from '../src/codec/ipv6-ext.js';
import { encodeIpv4, fillIpv4Checksum } from '../src/codec/ipv4.js';
import { measure } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const AFTR = parseIp6('2001:db8::1')!;

/** Writes `n` outer fragments; `piece(i)` gives (fragment ID, byte offset, data length) for fragment i. */
export function writeFragments(path: string, n: number, piece: (i: number) => [number, number, number], b4s = 1000): void {
  const fd = openSync(path, 'w');
  const out = Buffer.alloc(4 << 20);
  let pos = 24;
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(65535, 16);
  out.writeUInt32LE(1, 20);
  const inner = Buffer.alloc(1500);
  encodeIpv4({ version: 4, ihl: 5, tos: 0, totalLength: 1500, id: 1, reserved: false, df: false, mf: false, fragOffset: 0, ttl: 63, protocol: 17, checksum: 0, src: 0xc0a8010a, dst: 0xc6336450, options: Buffer.alloc(0) }, inner, 0);
  fillIpv4Checksum(inner, 0);
  for (let i = 0; i < n; i++) {
    const [id, offset, len] = piece(i);
    const b4 = parseIp6(`2001:db8:${(0x1000 + (i % b4s)).toString(16)}::2`)!;
    const total = 14 + 48 + len;
    if (pos + 16 + total > out.length) {
      writeSync(fd, out, 0, pos);
      pos = 0;
    }
    const t = 1767225600 + Math.floor(i / 100_000);
    out.writeUInt32LE(t, pos);
    out.writeUInt32LE((i % 100_000) * 10, pos + 4);
    out.writeUInt32LE(total, pos + 8);
    out.writeUInt32LE(total, pos + 12);
    let p = encodeEthernet({ dst: 0x02000000ff01, src: 0x020000000000 + (i % 1000), etherType: 0x86dd }, out, pos + 16);
    p = encodeIpv6(ipv6Header({ trafficClass: 0, flowLabel: 0, payloadLength: 8 + len, nextHeader: 44, hopLimit: 64, src: b4, dst: AFTR }), out, p);
    p = encodeExt({ kind: 'fragment', nextHeader: 4, reserved: 0, offset: offset / 8, res: 0, more: true, id }, out, p);
    inner.copy(out, p, 0, len);
    pos = p + len;
  }
  writeSync(fd, out, 0, pos);
  fsyncSync(fd);
  closeSync(fd);
}

async function run(name: string, path: string, n: number): Promise<void> {
  const report = join(path + '.json');
  const m = await measure(process.execPath, [CLI, path, '--format', 'json', '-o', report, '--fail-on', 'never']);
  const r = JSON.parse(readFileSync(report, 'utf8')) as { summary: { frames: number }; anomalies: { id: string; count: number }[]; findings: { rule: string }[] };
  const dropped = r.anomalies.filter((a) => a.id.startsWith('reassembly.')).map((a) => `${a.id} ${a.count}`);
  const incomplete = r.findings.filter((f) => f.rule === 'FRAG-012').length;
  process.stdout.write(
    `${name}: ${n.toLocaleString('en-US')} frames in ${m.seconds.toFixed(2)} s (${Math.round(n / m.seconds).toLocaleString('en-US')} packets/s), peak RSS ${m.peakRssMb.toFixed(0)} MB; dropped: ${dropped.join(', ') || 'none'}; FRAG-012 findings listed: ${incomplete}\n`,
  );
}

async function main(): Promise<void> {
const dir = mkdtempSync(join(tmpdir(), 'dslite-adversarial-'));
try {
  const sets = join(dir, 'million-sets.pcap');
  writeFragments(sets, 1_000_000, (i) => [i + 1, 0, 1448]);
  await run('1M incomplete fragment sets', sets, 1_000_000);
  rmSync(sets);
  const many = join(dir, 'one-datagram.pcap');
  writeFragments(many, 65_535, (i) => [0xabcdef, i * 8, 8], 1);
  await run('65,535 fragments of one datagram', many, 65_535);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
}

// Run only as a script, so the generator can be imported (for profiling).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
