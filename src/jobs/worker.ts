import { parentPort } from 'node:worker_threads';
import { readProgress } from '../capture/progress.js';
import { check, checkState, type CheckOptions, withSequence } from '../check.js';
import { resolveSettings } from '../config/settings.js';
import type { ShardState, StateScope } from '../model/shard-state.js';

/**
 * One job per message: a capture checked whole (its report), or one shard of a capture or file
 * sequence (its partial state, options.shard set). Options are plain data: they cross threads.
 */
export type JobRequest =
  | { readonly kind: 'report'; readonly path: string; readonly options: CheckOptions }
  | {
      readonly kind: 'state';
      readonly paths: readonly string[];
      readonly options: CheckOptions;
      readonly scope: StateScope;
    };
export type JobReply =
  | { readonly kind: 'report'; readonly report: Awaited<ReturnType<typeof check>> }
  | { readonly kind: 'state'; readonly state: ShardState }
  | {
      readonly kind: 'error';
      readonly name: string;
      readonly message: string;
      readonly code?: string;
      readonly syscall?: string;
      readonly path?: string;
    }
  | { readonly kind: 'progress'; readonly bytes: number; readonly frames: number; readonly size: number };

async function run(req: JobRequest): Promise<JobReply> {
  if (req.kind === 'report') return { kind: 'report', report: await check([req.path], req.options) };
  const settings = resolveSettings(req.paths.length, withSequence(req.paths, req.options));
  return { kind: 'state', state: await checkState(req.paths, settings, req.scope) };
}

const port = parentPort;
if (port) {
  // What this thread has read, for the main thread's progress line.
  const timer = setInterval(() => port.postMessage({ kind: 'progress', ...readProgress } satisfies JobReply), 250);
  timer.unref();
  port.on('message', (req: JobRequest) => {
    run(req).then(
      (reply) => port.postMessage(reply),
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
