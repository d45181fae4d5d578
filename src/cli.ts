#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CaptureFileError } from './capture/types.js';
import { ConfigError } from './check.js';
import { type CheckArgs, checkCommand, runCheck, STDIN_TOKEN } from './commands/check.js';
import { VERSION } from './version.js';
import { type EncapArgs, encapCommand, runEncap, summaryLine } from './commands/encap.js';
import { type DiffArgs, diffCommand, runDiff } from './commands/diff.js';
import { type MergeArgs, mergeCommand, runMerge } from './commands/merge.js';
import { type ExplainArgs, explainCommand, renderExplain, renderRules, type RulesArgs, rulesCommand } from './commands/rules.js';

/** Exit codes: 0 pass, 1 a finding reached --fail-on, 2 usage error or unreadable input. */
export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

function write(s: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(s, (e) => (e ? reject(e) : resolve())));
}

function fail(msg: string): number {
  process.stderr.write(`dslite-check: ${msg}\n`);
  return EXIT.error;
}

export async function main(rawArgv: string[]): Promise<number> {
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
    .strict()
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((msg, err) => {
      usageError = msg ?? err?.message ?? 'invalid arguments';
    });
  let args: Awaited<ReturnType<typeof parser.parseAsync>>;
  try {
    args = await parser.parseAsync();
  } catch (e) {
    usageError ??= (e as Error).message;
    args = { _: [], $0: '' };
  }
  // yargs validates after printing help or the version; those runs are still successes.
  if (rawArgv.some((a) => a === '--help' || a === '-h' || a === '--version')) return EXIT.pass;
  if (usageError !== undefined) return fail(`${usageError.replace(/\s*\n\s*/g, ' ').replaceAll(STDIN_TOKEN, '-')} (see --help)`);
  if (args['help'] || args['version']) return EXIT.pass;
  try {
    if (args._[0] === 'encap') {
      const a = args as unknown as EncapArgs;
      await write(summaryLine(await runEncap(a), a));
      return EXIT.pass;
    }
    if (args._[0] === 'diff') return await runDiff(args as unknown as DiffArgs, write);
    if (args._[0] === 'merge') return await runMerge(args as unknown as MergeArgs, write);
    if (args._[0] === 'rules') {
      await write(renderRules((args as unknown as RulesArgs).format));
      return EXIT.pass;
    }
    if (args._[0] === 'explain') {
      await write(renderExplain((args as unknown as ExplainArgs).id));
      return EXIT.pass;
    }
    return await runCheck(args as unknown as CheckArgs, write);
  } catch (e) {
    if (e instanceof CaptureFileError || e instanceof ConfigError) return fail(`error: ${e.message}`);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EPIPE') return EXIT.pass;
    if (err.code && err.syscall) return fail(`error: ${err.syscall} ${err.path ?? ''}: ${err.code}`.replace(/ +:/, ':'));
    // A bug: one line by default, the stack when asked for.
    if (process.env['DSLITE_CHECK_DEBUG']) process.stderr.write(`${err.stack}\n`);
    return fail(`internal error: ${err.message} (set DSLITE_CHECK_DEBUG=1 for details)`);
  }
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = code;
});
