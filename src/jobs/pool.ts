import { Worker } from 'node:worker_threads';
import { readProgress } from '../capture/progress.js';
import { CaptureFileError } from '../capture/types.js';
import { type CheckOptions } from '../check.js';
import { ConfigError } from '../config/error.js';
import type { Report } from '../model/report.js';
import type { JobReply, JobRequest } from './worker.js';

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

/**
 * Checks each capture on its own worker thread, `jobs` at a time, and gives the reports in
 * the order of `paths` (each made as `check([path], options)` would make it). The first error
 * stops the run. Options must be plain data (no rule objects): they cross to the threads.
 */
export async function checkInParallel(
  paths: readonly string[],
  options: CheckOptions,
  jobs: number,
): Promise<Report[]> {
  const reports: Report[] = new Array(paths.length);
  const workerUrl = new URL('./worker.js', import.meta.url);
  const n = Math.max(1, Math.min(jobs, paths.length));
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
            if (next >= paths.length) {
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
              reports[i] = m.report;
              send();
            });
            worker.postMessage({ path: paths[i]!, options } satisfies JobRequest);
          };
          worker.once('error', reject);
          send();
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return reports;
}
