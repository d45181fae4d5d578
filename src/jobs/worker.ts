import { parentPort } from 'node:worker_threads';
import { readProgress } from '../capture/progress.js';
import { check, type CheckOptions } from '../check.js';

/** One capture per message: check it and post the report back (or the error, by class name). */
export interface JobRequest {
  readonly path: string;
  readonly options: CheckOptions;
}
export type JobReply =
  | { readonly kind: 'report'; readonly report: Awaited<ReturnType<typeof check>> }
  | {
      readonly kind: 'error';
      readonly name: string;
      readonly message: string;
      readonly code?: string;
      readonly syscall?: string;
      readonly path?: string;
    }
  | { readonly kind: 'progress'; readonly bytes: number; readonly frames: number; readonly size: number };

const port = parentPort;
if (port) {
  // What this thread has read, for the main thread's progress line.
  const timer = setInterval(() => port.postMessage({ kind: 'progress', ...readProgress } satisfies JobReply), 250);
  timer.unref();
  port.on('message', (req: JobRequest) => {
    check([req.path], req.options).then(
      (report) => port.postMessage({ kind: 'report', report } satisfies JobReply),
      (e: NodeJS.ErrnoException) =>
        port.postMessage({
          kind: 'error',
          name: e.name,
          message: e.message,
          ...(e.code && { code: e.code }),
          ...(e.syscall && { syscall: e.syscall }),
          ...(e.path && { path: e.path }),
        } satisfies JobReply),
    );
  });
}
