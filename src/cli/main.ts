import { existsSync } from 'node:fs';
import yargs from 'yargs';
import { CaptureFileError } from '../capture/types.js';
import { type CheckArgs, checkCommand } from './check-options.js';
import { type DiffArgs, diffCommand } from './diff-options.js';
import { type EncapArgs, encapCommand } from './encap-options.js';
import { type MergeArgs, mergeCommand } from './merge-options.js';
import { refuseRepeatedOptions, STDIN_TOKEN } from './options.js';
import { explainCommand, type ExplainArgs, type RulesArgs, rulesCommand } from './rules-options.js';
import { ConfigError } from '../config/error.js';
import { outputWidth } from '../report/width.js';
import { VERSION } from '../version.js';

/** Exit codes: 0 pass, 1 a finding reached --fail-on, 2 usage error or unreadable input. */
export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

type Out = (s: string) => Promise<void>;

/** A reader gone away (`| head`) is no error: the rest is not wanted, and the exit code still gives the verdict. */
export const readerGone = (e: unknown): boolean => (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

function write(s: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(s, (e) => (e && !readerGone(e) ? reject(e) : resolve())),
  );
}

function fail(msg: string): number {
  process.stderr.write(`dslite-check: ${msg}\n`);
  return EXIT.error;
}

/**
 * What each command runs, loaded only when it runs: --help, --version and a usage error load
 * no pipeline, report or validator code.
 */
const RUN: Readonly<Record<string, (args: unknown, out: Out) => Promise<number>>> = {
  check: async (a, out) => (await import('../commands/check.js')).runCheck(a as CheckArgs, out),
  encap: async (a, out) => {
    const { runEncap, summaryLine } = await import('../commands/encap.js');
    await out(summaryLine(await runEncap(a as EncapArgs), a as EncapArgs));
    return EXIT.pass;
  },
  diff: async (a, out) => (await import('../commands/diff.js')).runDiff(a as DiffArgs, out),
  merge: async (a, out) => (await import('../commands/merge.js')).runMerge(a as MergeArgs, out),
  rules: async (a, out) => {
    await out(
      (await import('../commands/rules.js')).renderRules(
        (a as RulesArgs).format,
        outputWidth(true),
        (a as RulesArgs).all === true,
      ),
    );
    return EXIT.pass;
  },
  explain: async (a, out) => {
    await out((await import('../commands/rules.js')).renderExplain((a as ExplainArgs).id, outputWidth(true)));
    return EXIT.pass;
  },
};
const COMMANDS = [...Object.keys(RUN), 'help'];

/** Edit distance, for "did you mean": two short words, so the plain table is enough. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_x, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** A first word that is no file and looks like a command name mistyped ("rule", "chek"). */
function mistypedCommand(word: string | undefined): string | undefined {
  if (word === undefined || word.startsWith('-') || COMMANDS.includes(word) || existsSync(word)) return undefined;
  const near = COMMANDS.map((c) => [c, distance(word.toLowerCase(), c)] as const)
    .filter(([c, d]) => d <= Math.min(2, c.length - 2) || (word.length >= 3 && c.startsWith(word.toLowerCase())))
    .sort((x, y) => x[1] - y[1]);
  return near[0]?.[0];
}

export async function main(rawArgv: string[]): Promise<number> {
  // `help [command]` is `[command] --help`.
  if (rawArgv[0] === 'help') {
    const topic = rawArgv[1];
    if (topic !== undefined && !COMMANDS.includes(topic))
      return fail(`help: no command '${topic}' (commands: ${COMMANDS.join(', ')})`);
    return main([...rawArgv.slice(1, 2), '--help']);
  }
  const guess = mistypedCommand(rawArgv[0]);
  if (guess !== undefined)
    return fail(`'${rawArgv[0]}' is neither a command nor a file; did you mean '${guess}'? (see --help)`);
  let usageError: string | undefined;
  const argv = rawArgv.map((a) => (a === '-' ? STDIN_TOKEN : a));
  const parser = yargs(argv)
    .scriptName('dslite-check')
    .version(VERSION)
    .command(checkCommand)
    .command(encapCommand)
    .command(diffCommand)
    .command(rulesCommand)
    .command(explainCommand)
    .command(mergeCommand)
    .command('help [command]', 'Show help for a command')
    .middleware(
      ((a: Record<string, unknown>, y: unknown) =>
        refuseRepeatedOptions(a, y as Parameters<typeof refuseRepeatedOptions>[1], rawArgv)) as never,
      true,
    )
    .strict()
    .help()
    .alias('h', 'help')
    .wrap(outputWidth(true))
    .exitProcess(false)
    .fail((msg, err) => {
      // The first complaint is the cause; later ones (a check that saw no positionals) follow from it.
      usageError ??= msg ?? err?.message ?? 'invalid arguments';
    });
  let args: Awaited<ReturnType<typeof parser.parseAsync>>;
  try {
    args = await parser.parseAsync();
  } catch (e) {
    usageError ??= (e as Error).message;
    args = { _: [], $0: '' };
  }
  // yargs has printed the help or the version: those runs are successes, whatever else was wrong.
  if (args['help'] === true || args['version'] === true) return EXIT.pass;
  if (usageError !== undefined)
    return fail(`${usageError.replace(/\s*\n\s*/g, ' ').replaceAll(STDIN_TOKEN, '-')} (see --help)`);
  try {
    return await RUN[String(args._[0] ?? 'check')]!(args, write);
  } catch (e) {
    if (e instanceof CaptureFileError || e instanceof ConfigError) return fail(`error: ${e.message}`);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return EXIT.pass;
    if (err.code && err.syscall)
      return fail(`error: ${err.syscall} ${err.path ?? ''}: ${err.code}`.replace(/ +:/, ':'));
    // A bug: one line by default, the stack when asked for.
    if (process.env['DSLITE_CHECK_DEBUG']) process.stderr.write(`${err.stack}\n`);
    return fail(`internal error: ${err.message} (set DSLITE_CHECK_DEBUG=1 for details)`);
  }
}
