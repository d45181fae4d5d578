import { Worker } from 'node:worker_threads';
import { readProgress } from '../capture/progress.js';
import { CaptureFileError } from '../capture/types.js';
import { type CheckOptions } from '../check.js';
import { ConfigError } from '../config/error.js';
import type { Report } from '../model/report.js';
import type { JobReply, JobRequest } from './worker.js';
import type { ShardState, StateScope } from '../model/shard-state.js';

/** The error a worker sent, as the class the CLI maps to exit code 2 (or a plain Error: a bug). */
function revive(e: Extract<JobReply, { kind: 'error' }>): Error {
  if (e.name === 'CaptureFileError') return new CaptureFileError(e.message);
  if (e.name === 'ConfigError') return new ConfigError(e.message);
  return Object.assign(new Error(e.message), {
    name: e.name,
    ...(e.code && { code: e.code }),
    ...(e.syscall && { syscall: e.syscall }),
    ...(e.path && { path: e.path }),
  });
}

type Done = Exclude<JobReply, { kind: 'error' } | { kind: 'progress' }>;

/**
 * Runs each job on a worker thread, `jobs` threads at a time, and gives the replies in the
 * order of `requests`. The first error stops the run.
 */
async function inWorkers(requests: readonly JobRequest[], jobs: number): Promise<Done[]> {
  const replies: Done[] = new Array(requests.length);
  const workerUrl = new URL('./worker.js', import.meta.url);
  const n = Math.max(1, Math.min(jobs, requests.length));
  const progress = new Map<number, { bytes: number; frames: number; size: number }>();
  const base = { ...readProgress };
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, (_x, w) => {
        const worker = new Worker(workerUrl);
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          const send = (): void => {
            if (next >= requests.length) {
              resolve();
              return;
            }
            const i = next++;
            worker.once('message', function onReply(m: JobReply) {
              if (m.kind === 'progress') {
                progress.set(w, m);
                let bytes = base.bytes;
                let frames = base.frames;
                let size = base.size;
                for (const p of progress.values()) {
                  bytes += p.bytes;
                  frames += p.frames;
                  size += p.size;
                }
                Object.assign(readProgress, { bytes, frames, size });
                worker.once('message', onReply);
                return;
              }
              if (m.kind === 'error') {
                reject(revive(m));
                return;
              }
              replies[i] = m;
              send();
            });
            worker.postMessage(requests[i]!);
          };
          worker.once('error', reject);
          send();
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return replies;
}

/**
 * Checks each capture on its own worker thread, `jobs` at a time, and gives the reports in
 * the order of `paths` (each made as `check([path], options)` would make it). Options must be
 * plain data (no rule objects): they cross to the threads.
 */
export async function checkInParallel(
  paths: readonly string[],
  options: CheckOptions,
  jobs: number,
): Promise<Report[]> {
  const replies = await inWorkers(
    paths.map((path) => ({ kind: 'report', path, options })),
    jobs,
  );
  return replies.map((r) => (r.kind === 'report' ? r.report : unexpected(r.kind)));
}

/**
 * One capture (or file sequence) on `count` worker threads, each analysing one shard of its
 * softwires (pipeline/shard.ts), `jobs` at a time: their states, in shard order, for mergeStates.
 */
export async function statesInParallel(
  paths: readonly string[],
  options: CheckOptions,
  scope: StateScope,
  count: number,
  jobs: number,
): Promise<ShardState[]> {
  const replies = await inWorkers(
    Array.from({ length: count }, (_x, index) => ({
      kind: 'state' as const,
      paths,
      options: { ...options, shard: { index, count } },
      scope,
    })),
    jobs,
  );
  return replies.map((r) => (r.kind === 'state' ? r.state : unexpected(r.kind)));
}

const unexpected = (kind: string): never => {
  throw new Error(`a worker answered with a ${kind}`);
};
