/**
 * `npm run fuzz`: every entry point that takes bytes, fed structured mutations of the real
 * fixtures (bench/fuzz-mutate.ts) — the capture readers (pcap, pcapng, gzip) with the whole
 * pipeline behind them (dissectors, trackers, reassembly, all rules), the two-point pipeline
 * (correlation, NAT table), the capture diff, the dissector alone and the reference
 * encapsulator. Passing means: no exception escapes, no input takes a second, memory stays
 * under the cap. Each failing input is written to the output folder with what went wrong;
 * fixtures/pcaps/fuzz/ keeps the ones found so far as regression tests.
 *
 * Then every fixture is corrupted by `editcap -E 0.05` (`--editcap-seeds` copies each, 50 by
 * default) and checked through the CLI (bench/editcap-corrupt.ts).
 *
 *   node --expose-gc dist/bench/fuzz.js [--executions 1000000] [--seed 1] [--workers 2] [--cap 256] [--out fuzz-failures] [--editcap-seeds 50]
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { check } from '../src/check.js';
import { diffCaptures } from '../src/diff/diff.js';
import { dissect } from '../src/dissect/dissect.js';
import { DEFAULT_ENCAP, encapsulate } from '../src/encap/encapsulate.js';
import { parseIp6 } from '../src/codec/addr.js';
import { loadSeed, mutate, prng, type Seed } from './fuzz-mutate.js';
import { corruptAndCheck, corruptibleFixtures } from './editcap-corrupt.js';

const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../' : '../', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures', 'pcaps');
/** An input that takes longer than this is a failure (the issue's limit). */
const SLOW_MS = 1000;

export interface FuzzOptions {
  readonly executions: number;
  readonly seed: number;
  /** Memory cap in MB for this thread's heap and buffers, checked every 64 inputs. */
  readonly capMb: number;
  readonly out?: string;
  /** Where the current input is copied before it runs, so a watchdog can save a hang. */
  readonly current?: Int32Array;
  readonly onProgress?: (done: number) => void;
}

export interface FuzzFailure {
  readonly kind: 'crash' | 'slow' | 'memory';
  readonly entry: string;
  readonly seed: string;
  readonly ops: readonly string[];
  readonly detail: string;
  readonly file?: string;
}

export interface FuzzResult {
  readonly executions: Record<string, number>;
  readonly mutations: Record<string, number>;
  readonly failures: FuzzFailure[];
  readonly slowestMs: number;
  /** Peak heap and buffer memory of the fuzzing thread. */
  readonly peakMb: number;
  readonly peakRssMb: number;
  readonly seconds: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every fixture capture, decompressed, that the project's reader takes as a valid seed. */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const f of walk(FIXTURES)
    .filter((p) => /\.(pcap|pcapng)(\.gz)?$/.test(p))
    .sort()) {
    let b = readFileSync(f);
    if (b.length > 512 * 1024) continue;
    if (f.endsWith('.gz')) b = gunzipSync(b);
    const s = loadSeed(f.slice(FIXTURES.length + 1), b);
    if (s) seeds.push(s);
  }
  return seeds;
}

/** Tunnel captures with their Internet or LAN side, from the two-point and NAT fixtures. */
function sidePairs(seeds: readonly Seed[]): [Seed, Seed, 'internet' | 'lan'][] {
  const by = new Map(seeds.map((s) => [s.name, s]));
  const out: [Seed, Seed, 'internet' | 'lan'][] = [];
  for (const s of seeds) {
    const m = /^(.*)-tunnel\.(pcapng?)$/.exec(s.name);
    if (!m) continue;
    for (const side of ['internet', 'lan'] as const)
      for (const ext of ['pcap', 'pcapng']) {
        const o = by.get(`${m[1]}-${side}.${ext}`);
        if (o) out.push([s, o, side]);
      }
  }
  return out;
}

const B4 = parseIp6('2001:db8:100:1::2')!;
const AFTR = parseIp6('2001:db8:0:ffff::1')!;

export async function fuzz(o: FuzzOptions): Promise<FuzzResult> {
  const start = performance.now();
  const seeds = loadSeeds();
  const pairs = sidePairs(seeds);
  const r = prng(o.seed);
  const executions: Record<string, number> = {};
  const mutations: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let slowest = 0;
  let peak = 0;
  let done = 0;
  let iterations = 0;
  const count = (entry: string, n = 1): void => {
    executions[entry] = (executions[entry] ?? 0) + n;
    done += n;
  };
  const save = (f: Omit<FuzzFailure, 'file'>, bytes: Buffer): void => {
    let file: string | undefined;
    if (o.out) {
      mkdirSync(o.out, { recursive: true });
      file = join(o.out, `${f.kind}-${f.entry}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.bin`);
      writeFileSync(file, bytes);
      writeFileSync(`${file}.txt`, `${JSON.stringify(f, null, 2)}\n`);
    }
    failures.push({ ...f, ...(file && { file }) });
  };
  const remember = (bytes: Buffer): void => {
    if (!o.current) return;
    const n = Math.min(bytes.length, (o.current.length - 1) * 4);
    Atomics.store(o.current, 0, n);
    Buffer.from(o.current.buffer, 4, n).set(bytes.subarray(0, n));
  };
  const timed = async (entry: string, seed: string, ops: string[], bytes: Buffer, fn: () => unknown): Promise<void> => {
    remember(bytes);
    const t = performance.now();
    try {
      await fn();
    } catch (e) {
      save({ kind: 'crash', entry, seed, ops, detail: (e as Error).stack ?? String(e) }, bytes);
    }
    const ms = performance.now() - t;
    if (ms > slowest) slowest = ms;
    if (ms > SLOW_MS) save({ kind: 'slow', entry, seed, ops, detail: `${ms.toFixed(0)} ms` }, bytes);
  };
  while (done < o.executions) {
    const x = r();
    if (x < 0.6 || !pairs.length) {
      // The whole pipeline behind the readers: what `dslite-check FILE` runs.
      const s = seeds[Math.floor(r() * seeds.length)]!;
      const m = mutate(s, r, seeds);
      for (const op of m.ops) mutations[op] = (mutations[op] ?? 0) + 1;
      // A file that is not a capture at all is a clean error (exit 2), not a crash.
      await timed('check', s.name, m.ops, m.bytes, () =>
        check([m.bytes], { top: 5 }).catch((e: Error) =>
          e.name === 'CaptureFileError' ? undefined : Promise.reject(e),
        ),
      );
      count('check');
    } else if (x < 0.72) {
      const [t, side, which] = pairs[Math.floor(r() * pairs.length)]!;
      const mutTunnel = r() < 0.5;
      const m = mutate(mutTunnel ? t : side, r, seeds);
      const tb = mutTunnel ? m.bytes : t.bytes;
      const sb = mutTunnel ? side.bytes : m.bytes;
      await timed('two-point', `${t.name} + ${side.name}`, m.ops, m.bytes, () =>
        check([tb], { [which]: { path: sb } }).catch((e: Error) =>
          e.name === 'CaptureFileError' ? undefined : Promise.reject(e),
        ),
      );
      count('two-point');
    } else if (x < 0.78) {
      const s = seeds[Math.floor(r() * seeds.length)]!;
      const m = mutate(s, r, seeds);
      await timed('diff', s.name, m.ops, m.bytes, () =>
        diffCaptures(s.bytes, m.bytes).catch((e: Error) =>
          e.name === 'CaptureFileError' ? undefined : Promise.reject(e),
        ),
      );
      count('diff');
    } else {
      // The dissector alone and the encapsulator, frame by frame: many inputs per mutated file.
      const s = seeds[Math.floor(r() * seeds.length)]!;
      const m = mutate({ ...s, bytes: s.bytes }, r, seeds);
      const frames = s.records.filter((x2) => x2.end <= m.bytes.length);
      const linkType = s.format === 'pcap' ? s.bytes.readUInt32LE(20) & 0xffff : 1;
      await timed('dissect+encap', s.name, m.ops, m.bytes, () => {
        for (const f of frames) {
          const d = dissect({ linkType, data: m.bytes, offset: f.frame, capLen: f.end - f.frame, origLen: f.capLen });
          const n = d.net;
          const ip4 = n?.kind === 'ip6' ? n.inner : n?.kind === 'ip4' ? n : undefined;
          if (ip4) {
            const pkt = m.bytes.subarray(ip4.offset, Math.min(m.bytes.length, f.end));
            let id = 1;
            encapsulate(
              pkt,
              {
                ...DEFAULT_ENCAP,
                src: B4,
                dst: AFTR,
                linkMtu: 1280 + Math.floor(r() * 300),
                encapLimit: r() < 0.3 ? 4 : undefined,
              },
              () => id++,
            );
          }
        }
      });
      count('dissect', frames.length);
      count('encapsulate', frames.length);
    }
    if (++iterations % 64 === 0) {
      // This thread's heap and buffers (process RSS is shared by the worker threads).
      const used = (): number => {
        const m = process.memoryUsage();
        return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
      };
      const now = used();
      if (now > peak) peak = now;
      if (now > o.capMb) {
        // One more look after a collection: garbage waiting is not growth.
        (globalThis as { gc?: () => void }).gc?.();
        const again = used();
        if (again > o.capMb) {
          save(
            {
              kind: 'memory',
              entry: 'process',
              seed: '-',
              ops: [],
              detail: `heap and buffers ${again.toFixed(0)} MB over the ${o.capMb} MB cap`,
            },
            Buffer.alloc(0),
          );
          break;
        }
      }
      o.onProgress?.(done);
    }
  }
  return {
    executions,
    mutations,
    failures,
    slowestMs: slowest,
    peakMb: peak,
    peakRssMb: process.memoryUsage().rss / 2 ** 20,
    seconds: (performance.now() - start) / 1000,
  };
}

interface WorkerJob {
  readonly executions: number;
  readonly seed: number;
  readonly capMb: number;
  readonly out: string;
  readonly current: SharedArrayBuffer;
  readonly beat: SharedArrayBuffer;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number): number => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1]! : 'fuzz-failures';
  const executions = opt('executions', 1_000_000);
  const workers = Math.max(1, opt('workers', 2));
  const seed = opt('seed', 1);
  const capMb = opt('cap', 256);
  process.stdout.write(
    `fuzz: ${executions.toLocaleString('en')} executions on ${workers} worker thread(s), seed ${seed}, memory cap ${capMb} MB per thread, failures to ${out}/\n`,
  );
  const results = await Promise.all(
    Array.from({ length: workers }, (_x, w) => {
      const current = new SharedArrayBuffer(4 + 4 * 1024 * 1024);
      const beat = new SharedArrayBuffer(8);
      const job: WorkerJob = {
        executions: Math.ceil(executions / workers),
        seed: seed * 1000 + w,
        capMb,
        out,
        current,
        beat,
      };
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: job });
      return new Promise<FuzzResult>((resolve, reject) => {
        const beats = new Int32Array(beat);
        let last = -1;
        let quiet = 0;
        // A watchdog outside the loop: an input that never returns is saved and counted as a hang.
        const dog = setInterval(() => {
          const now = Atomics.load(beats, 0);
          quiet = now === last ? quiet + 1 : 0;
          last = now;
          if (quiet >= 10) {
            clearInterval(dog);
            const c = new Int32Array(current);
            const n = Atomics.load(c, 0);
            mkdirSync(out, { recursive: true });
            const file = join(out, `hang-worker${w}.bin`);
            writeFileSync(file, Buffer.from(current, 4, n));
            void worker.terminate();
            resolve({
              executions: {},
              mutations: {},
              failures: [{ kind: 'slow', entry: 'unknown', seed: '-', ops: [], detail: 'no progress for 10 s', file }],
              slowestMs: 10_000,
              peakMb: 0,
              peakRssMb: 0,
              seconds: 0,
            });
          }
        }, 1000);
        worker.on('message', (m: FuzzResult) => {
          clearInterval(dog);
          resolve(m);
        });
        worker.on('error', (e) => {
          clearInterval(dog);
          reject(e);
        });
      });
    }),
  );
  const sum = (pick: (r: FuzzResult) => Record<string, number>): Record<string, number> => {
    const t: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(pick(r))) t[k] = (t[k] ?? 0) + v;
    return t;
  };
  const ex = sum((r) => r.executions);
  const total = Object.values(ex).reduce((a, b) => a + b, 0);
  const failures = results.flatMap((r) => r.failures);
  const seconds = Math.max(...results.map((r) => r.seconds));
  process.stdout.write(
    [
      `executions: ${total.toLocaleString('en')} in ${seconds.toFixed(0)} s (${Math.round(total / seconds).toLocaleString('en')}/s): ${Object.entries(
        ex,
      )
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}`,
      `mutations: ${Object.entries(sum((r) => r.mutations))
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}`,
      `slowest input: ${Math.max(...results.map((r) => r.slowestMs)).toFixed(1)} ms; peak heap and buffers per thread: ${Math.max(...results.map((r) => r.peakMb)).toFixed(0)} MB (cap ${capMb} MB); process RSS at the end: ${Math.max(...results.map((r) => r.peakRssMb)).toFixed(0)} MB`,
      `failures: ${failures.length}`,
      ...failures.map(
        (f) =>
          `  ${f.kind} in ${f.entry} (${f.seed}; ${f.ops.join(' + ')}): ${f.detail.split('\n')[0]}${f.file ? ` → ${f.file}` : ''}`,
      ),
    ].join('\n') + '\n',
  );
  // Then editcap's corruption, through the CLI: every fixture, `--editcap-seeds` copies each.
  const copies = opt('editcap-seeds', 50);
  let corruptFailures = 0;
  if (copies > 0 && spawnSync('editcap', ['-h']).status === 0) {
    const t = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'dslite-editcap-'));
    try {
      const c = corruptAndCheck(
        corruptibleFixtures(),
        Array.from({ length: copies }, (_x, i) => seed * 1000 + i),
        dir,
      );
      corruptFailures = c.failures.length;
      process.stdout.write(
        [
          `editcap -E 0.05: ${c.copies.toLocaleString('en')} corrupted copies of ${c.fixtures} fixtures checked by the CLI in ${((performance.now() - t) / 1000).toFixed(0)} s; runs by exit code: ${Object.entries(
            c.exits,
          )
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')}; failures: ${c.failures.length}`,
          ...c.failures.map((f) => `  ${f.fixture} seed ${f.seed}: exit ${f.code} ${f.stderr.split('\n')[0]}`),
        ].join('\n') + '\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (copies > 0) process.stdout.write('editcap is not installed: the corruption pass is skipped\n');
  process.exitCode = failures.length || corruptFailures ? 1 : 0;
}

if (!isMainThread && parentPort) {
  const job = workerData as WorkerJob;
  const beats = new Int32Array(job.beat);
  const result = await fuzz({
    executions: job.executions,
    seed: job.seed,
    capMb: job.capMb,
    out: job.out,
    current: new Int32Array(job.current),
    onProgress: (n) => Atomics.store(beats, 0, n),
  });
  parentPort.postMessage(result);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
