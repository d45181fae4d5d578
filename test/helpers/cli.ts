import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { ROOT } from './fixtures.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Variables set for the run; an empty string stands for "unset", as in a child's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Standard input. */
  readonly input?: Buffer;
}

/** The command as installed (package.json `bin`: the bundle), for what only a process shows: the start-up path and worker threads. */
export const CLI = join(ROOT, 'dist', 'bundle', 'cli.js');

/** What every run sees unless told otherwise: no colour, the default width. */
const BASE_ENV: Readonly<Record<string, string>> = { NO_COLOR: '1', COLUMNS: '' };

/** Runs the built command in a child process, as a user does. */
export function spawnCli(args: readonly string[], o: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: o.cwd ?? ROOT,
    input: o.input,
    encoding: 'buffer',
    env: { ...process.env, ...BASE_ENV, ...o.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the command line in this process: the same `main` the binary calls, with standard
 * output, standard error, standard input, the environment and the working directory swapped
 * for the run (a Node start-up per test was most of the CLI tests' time). Runs take turns, as
 * the process's streams are shared. Worker threads (--jobs) load the built worker, so those
 * runs go to a child process.
 */
export function runCli(args: readonly string[], o: CliOptions = {}): Promise<CliRun> {
  if (args.includes('--jobs') || args.includes('-j')) return Promise.resolve(spawnCli(args, o));
  const next = queue.then(() => inProcess(args, o));
  queue = next.catch(() => undefined);
  return next;
}

type Write = typeof process.stdout.write;

async function inProcess(args: readonly string[], o: CliOptions): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]): Write =>
    ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as (e?: Error) => void)());
      return true;
    }) as Write;
  const saved = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    log: console.log,
    error: console.error,
    warn: console.warn,
    info: console.info,
    stdin: Object.getOwnPropertyDescriptor(process, 'stdin')!,
    cwd: process.cwd(),
    env: new Map<string, string | undefined>(),
  };
  const env = { ...BASE_ENV, ...o.env };
  for (const [k, v] of Object.entries(env)) {
    saved.env.set(k, process.env[k]);
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  // yargs prints help and usage through console: it is standard output and error here.
  console.log = console.info = (...a: unknown[]) => void out.push(`${a.join(' ')}\n`);
  console.error = console.warn = (...a: unknown[]) => void err.push(`${a.join(' ')}\n`);
  Object.defineProperty(process, 'stdin', { value: Readable.from(o.input ? [o.input] : []), configurable: true });
  if (o.cwd) process.chdir(o.cwd);
  try {
    const code = await main([...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(saved.cwd);
    Object.defineProperty(process, 'stdin', saved.stdin);
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn, info: saved.info });
    for (const [k, v] of saved.env) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
