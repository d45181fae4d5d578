/**
 * Writes an endless DS-Lite capture to standard output until `--bytes` (default 10 GB): a
 * seeded 200,000-packet capture from the benchmark generator, replayed again and again with
 * its timestamps moved on each time, so the stream is one growing capture of that size without
 * a file of that size. For the flat-memory check:
 *
 *   node dist/bench/stream.js --bytes 10e9 | dslite-check - --format json -o report.json
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from './generate.js';

const write = (b: Buffer): Promise<void> =>
  new Promise((resolve, reject) => process.stdout.write(b, (e) => (e ? reject(e) : resolve())));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--bytes');
  const total = i >= 0 ? Number(args[i + 1]) : 10e9;
  const dir = mkdtempSync(join(tmpdir(), 'dslite-stream-'));
  const path = join(dir, 'seed.pcap');
  generate(path, { packets: 200_000, b4s: 1000, seed: 42, oversized: 0.02 });
  const file = readFileSync(path);
  rmSync(dir, { recursive: true, force: true });
  const body = file.subarray(24);
  // Record offsets, and the span of the seed capture's clock.
  const at: number[] = [];
  for (let p = 0; p + 16 <= body.length; p += 16 + body.readUInt32LE(p + 8)) at.push(p);
  const first = body.readUInt32LE(0);
  const span = body.readUInt32LE(at.at(-1)!) - first + 1;
  await write(file.subarray(0, 24));
  let sent = 24;
  for (let round = 0; sent < total; round++) {
    const copy = Buffer.from(body);
    for (const p of at) copy.writeUInt32LE(copy.readUInt32LE(p) + round * span, p);
    // In 4 MB pieces, whole records each, so a reader cut off at `total` still ends on a boundary.
    for (let s = 0; s < at.length && sent < total;) {
      let e = s;
      let bytes = 0;
      while (e < at.length && bytes < 4 << 20) {
        bytes += 16 + copy.readUInt32LE(at[e]! + 8);
        e++;
      }
      const end = e < at.length ? at[e]! : copy.length;
      await write(copy.subarray(at[s]!, end));
      sent += end - at[s]!;
      s = e;
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
