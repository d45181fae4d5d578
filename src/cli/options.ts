import { extname } from 'node:path';
import type { Options } from 'yargs';
import { ConfigError } from '../config/error.js';

/** yargs drops a lone "-" from positional arrays, so cli.ts renames it to this until parsed. */
export const STDIN_TOKEN = '\u0000stdin';
export const FORMATS = ['table', 'json', 'junit', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** What check writes: a report, or one shard's partial state for merge (--shard). */
export const CHECK_FORMATS = [...FORMATS, 'state'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

/** The report format an output file's name asks for when -f is not given. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, CheckFormat>> = {
  '.state': 'state',
  '.json': 'json',
  '.xml': 'junit',
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'table',
};

/**
 * The format to write: -f when given, else the one -o's extension names (report.html → html),
 * else the table. An extension that names a format the command cannot write is an error.
 */
export function formatFor<F extends string>(
  given: F | undefined,
  output: string | undefined,
  allowed: readonly F[],
): F {
  if (given !== undefined) return given;
  if (output === undefined || output === STDIN_TOKEN) return allowed[0]!;
  const ext = extname(output).toLowerCase();
  const byName = FORMAT_BY_EXTENSION[ext] as F | undefined;
  if (byName === undefined) return allowed[0]!;
  if (!allowed.includes(byName))
    throw new ConfigError(
      `-o ${output}: this command cannot write ${byName} (formats: ${allowed.join(', ')}); give -f`,
    );
  return byName;
}

/**
 * A numeric option. yargs turns "abc" into NaN and loses it, so the value is parsed here,
 * where the message can name the option and what was typed. Integer and range checks stay
 * in each command's check, which knows what the number means.
 */
export function numberOption<O extends Omit<Options, 'type' | 'coerce' | 'requiresArg'>>(
  key: string,
  o: O,
): O & { requiresArg: true; coerce: (v: unknown) => number } {
  return {
    ...o,
    requiresArg: true,
    coerce: (v: unknown): number => {
      if (Array.isArray(v))
        throw new Error(`--${key} given more than once (${v.map((x) => `'${String(x)}'`).join(', ')}): give it once`);
      const n = typeof v === 'number' ? v : Number(v);
      if (typeof v !== 'number' && (String(v).trim() === '' || !Number.isFinite(n)))
        throw new Error(`--${key}: '${String(v)}' is not a number`);
      return n;
    },
  };
}

/** The parts of a yargs instance the single-value check reads. */
interface OptionTable {
  getOptions(): { key: Record<string, unknown>; array: string[]; alias: Record<string, string[]> };
}

/**
 * One rule for every option (docs/cli.md, "Options"): an option that takes a value takes one value,
 * and given twice it is an error naming it — never a list that a later check reads as one value,
 * nor "last one wins" that a script can use to open a CI gate. Options meant to repeat (--aftr,
 * --ignore …) are declared as arrays and stay lists. Flags (on/off) may be repeated; the last form wins.
 */
export function refuseRepeatedOptions(argv: Record<string, unknown>, y: OptionTable, tokens: readonly string[]): void {
  const o = y.getOptions();
  const repeatable = new Set(o.array);
  for (const key of Object.keys(o.key)) {
    const v = argv[key];
    if (!Array.isArray(v) || repeatable.has(key) || o.alias[key]?.some((a) => repeatable.has(a))) continue;
    const names = [key, ...(o.alias[key] ?? [])];
    // Positionals (captures..) are lists too, but no token names them.
    const spelt = (t: string): boolean =>
      names.some((n) =>
        n.length === 1 ? t === `-${n}` || t.startsWith(`-${n}=`) : t === `--${n}` || t.startsWith(`--${n}=`),
      );
    if (!tokens.some(spelt)) continue;
    // A one-letter alias is reported as the long name the user reads in --help.
    const name = names.find((n) => n.length > 1) ?? key;
    throw new Error(`--${name} given more than once (${v.map((x) => `'${String(x)}'`).join(', ')}): give it once`);
  }
}

/**
 * Options that only change another one: given alone, they would do nothing, silently. Each
 * names the options one of which it needs.
 */
export function refuseLoneModifiers(
  argv: Record<string, unknown>,
  modifiers: Readonly<Record<string, readonly string[]>>,
): void {
  for (const [modifier, needs] of Object.entries(modifiers)) {
    if (argv[modifier] === undefined || argv[modifier] === false) continue;
    if (needs.some((n) => argv[n] !== undefined && argv[n] !== false)) continue;
    throw new Error(
      `--${modifier} modifies ${needs.map((n) => `--${n}`).join(' or ')}: give ${needs.length > 1 ? 'one of them' : 'it'} too`,
    );
  }
}
