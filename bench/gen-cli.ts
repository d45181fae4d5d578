/** `node dist/bench/gen-cli.js OUT.pcap [packets] [b4s]`: writes one benchmark capture. */
import { generate } from './generate.js';

const [path, packets = '2000000', b4s = '1000'] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: gen-cli OUT.pcap [packets] [b4s]\n');
  process.exit(2);
}
const t = performance.now();
const r = generate(path, { packets: Number(packets), b4s: Number(b4s), seed: 6333, oversized: 0.026 });
process.stdout.write(`${r.frames} frames (${((100 * r.fragmentFrames) / r.frames).toFixed(1)} % outer fragments), ${(r.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
