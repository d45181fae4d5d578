import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { ConfigError } from './error.js';
import { readJsonFile } from './json-file.js';
import type { Severity } from '../model/report.js';
import { RULES } from '../rules/index.js';
import { configSchema } from './schema.js';
import type { CheckOptions, RuleLevel, Settings } from './settings.js';

export const CONFIG_FILE = 'dslite-check.config.json';

export type { RuleLevel };
export type RuleSetting = RuleLevel | readonly [RuleLevel, Readonly<Record<string, number>>?];

/** What a configuration file may hold (schema/config.schema.json). */
export interface FileConfig {
  readonly aftr?: readonly string[];
  readonly b4Prefixes?: readonly string[];
  readonly mtu?: number | { readonly up?: number; readonly down?: number };
  readonly lanMtu?: number;
  readonly dfProfile?: 'rfc6333' | 'rfc2473';
  readonly innerOverlap?: 'first' | 'last';
  readonly natPools?: readonly string[];
  readonly portQuota?: number;
  readonly authorisedSources?: readonly string[];
  readonly registeredB4s?: readonly string[];
  readonly matchWindow?: number;
  readonly memory?: number;
  readonly maxFlows?: number;
  readonly maxSoftwires?: number;
  readonly top?: number;
  readonly failOn?: Severity | 'never';
  readonly maxWarnings?: number;
  readonly baseline?: string;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

/** The settings a check runs with, as --print-config shows them (defaults, then the file, then the command line). */
export interface EffectiveConfig {
  readonly configFile: string | null;
  readonly aftr: readonly string[];
  readonly b4Prefixes: readonly string[];
  readonly mtu: { readonly up: number | null; readonly down: number | null };
  readonly lanMtu: number;
  readonly dfProfile: 'rfc6333' | 'rfc2473';
  readonly innerOverlap: 'first' | 'last';
  readonly natPools: readonly string[];
  readonly portQuota: number | null;
  readonly authorisedSources: readonly string[];
  readonly registeredB4s: readonly string[];
  readonly matchWindow: number;
  /** The memory budget (MB) the tables below are sized from, unless given one by one. */
  readonly memory: number;
  readonly maxFlows: number;
  readonly maxSoftwires: number;
  readonly maxBindings: number;
  readonly maxFragmentSets: number;
  readonly maxFragmentBytes: number;
  readonly top: number;
  readonly failOn: Severity | 'never';
  readonly maxWarnings: number | null;
  readonly baseline: string | null;
  /** Every rule: its level and its options, defaults filled in. */
  readonly rules: Readonly<Record<string, readonly [RuleLevel, Readonly<Record<string, number>>]>>;
}

/** What the command line gave (undefined: not given). */
export type CliSettings = { -readonly [K in Exclude<keyof FileConfig, 'rules' | 'mtu'>]?: FileConfig[K] } & {
  mtuBoth?: number;
  mtuUp?: number;
  mtuDown?: number;
};

let validator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** ajv compiled on first use: only runs with a configuration file pay for it. */
function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    validator = new Ajv({ allErrors: true, strict: true, strictTuples: false }).compile(configSchema());
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

const keyPath = (instancePath: string): string =>
  instancePath
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((k, i) => (/^\d+$/.test(k) && i > 0 ? `[${k}]` : i > 0 ? `.${k}` : k))
    .join('');

/** One line for the most specific error: the key path and what was expected there. */
function describe(errors: readonly ErrorObject[]): string {
  // The deepest error explains best; at one depth an unknown key beats "expected integer" from another branch of an anyOf (mtu: {upp: …}).
  const rank = (e: ErrorObject): number => (e.keyword === 'additionalProperties' ? 0 : e.keyword === 'anyOf' ? 2 : 1);
  const deepest = [...errors].sort(
    (a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length || rank(a) - rank(b),
  )[0]!;
  const path = keyPath(deepest.instancePath);
  if (/^\/rules\/[^/]+$/.test(deepest.instancePath))
    return `rules.${path.slice(6)}: expected "off", "info", "warning" or "error", or [severity, {options}]${RULES.find((r) => r.meta.id === path.slice(6))?.meta.options ? '' : ' (this rule has no options)'}`;
  if (deepest.keyword === 'additionalProperties') {
    const key = (deepest.params as { additionalProperty: string }).additionalProperty;
    const where = path ? `${path}.${key}` : key;
    return /^rules\.[^.]+$/.test(where)
      ? `${where}: no such rule (dslite-check rules lists them)`
      : `${where}: unknown setting`;
  }
  if (deepest.keyword === 'enum')
    return `${path}: expected one of ${(deepest.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${path || '(top level)'}: ${deepest.message ?? 'invalid'}`.replace(/: must (be )?/, ': expected ');
}

/** Checks parsed configuration data against the schema; a failure names the file and the key. */
export function parseConfig(data: unknown, file: string): FileConfig {
  const errors = validate(data);
  if (errors.length) throw new ConfigError(`${file}: ${describe(errors)}`);
  return data as FileConfig;
}

/**
 * The configuration file: the one named, or dslite-check.config.json in the working directory
 * when there is one (none: empty).
 */
export function loadConfig(
  explicit: string | undefined,
  cwd = process.cwd(),
): { file: string | null; config: FileConfig } {
  const file = explicit ?? (existsSync(`${cwd}/${CONFIG_FILE}`) ? CONFIG_FILE : undefined);
  if (file === undefined) return { file: null, config: {} };
  const data = readJsonFile(explicit === undefined ? `${cwd}/${file}` : file, 'configuration', file);
  return { file, config: parseConfig(data, file) };
}

const level = (s: RuleSetting): RuleLevel => (typeof s === 'string' ? s : s[0]);

/** The rule levels and options a file gives (the rest keep their defaults). */
function fileRules(fc: FileConfig): Pick<CheckOptions, 'severity' | 'ruleOptions'> {
  const severity: Record<string, RuleLevel> = {};
  const ruleOptions: Record<string, Readonly<Record<string, number>>> = {};
  for (const [id, setting] of Object.entries(fc.rules ?? {})) {
    severity[id] = level(setting);
    if (typeof setting !== 'string' && setting[1]) ruleOptions[id] = setting[1];
  }
  return { severity, ruleOptions };
}

/** The file's settings, then the command line's over them: what the check is given (defaults are filled in by resolveSettings). */
export function optionsFrom(fc: FileConfig, cli: CliSettings): CheckOptions {
  const pick = <K extends keyof CliSettings & keyof FileConfig>(k: K): FileConfig[K] | undefined => cli[k] ?? fc[k];
  const list = (k: 'aftr' | 'b4Prefixes' | 'natPools' | 'authorisedSources' | 'registeredB4s') =>
    cli[k]?.length ? cli[k] : fc[k];
  const fileMtu = typeof fc.mtu === 'number' ? { up: fc.mtu, down: fc.mtu } : (fc.mtu ?? {});
  const given = {
    aftrs: list('aftr'),
    b4Prefixes: list('b4Prefixes'),
    mtuUp: cli.mtuUp ?? cli.mtuBoth ?? fileMtu.up,
    mtuDown: cli.mtuDown ?? cli.mtuBoth ?? fileMtu.down,
    lanMtu: pick('lanMtu'),
    dfProfile: pick('dfProfile'),
    innerOverlap: pick('innerOverlap'),
    natPools: list('natPools'),
    portQuota: pick('portQuota'),
    authorisedSources: list('authorisedSources'),
    registeredB4s: list('registeredB4s'),
    matchWindow: pick('matchWindow'),
    memory: pick('memory'),
    maxFlows: pick('maxFlows'),
    maxSoftwires: pick('maxSoftwires'),
    top: pick('top'),
    failOn: pick('failOn'),
    maxWarnings: pick('maxWarnings'),
  };
  // Only what was given: an undefined field would read as "given" to a spread.
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return { ...defined, ...fileRules(fc) };
}

/** The settings as --print-config shows them. */
export function effectiveConfig(file: string | null, baseline: string | null, s: Settings): EffectiveConfig {
  return {
    configFile: file,
    aftr: s.text.aftrs,
    b4Prefixes: s.text.b4Prefixes,
    mtu: { up: s.rule.mtu.up ?? null, down: s.rule.mtu.down ?? null },
    lanMtu: s.rule.lanMtu,
    dfProfile: s.rule.dfProfile,
    innerOverlap: s.innerOverlap,
    natPools: s.text.natPools,
    portQuota: s.rule.portQuota ?? null,
    authorisedSources: s.text.authorisedSources,
    registeredB4s: s.text.registeredB4s,
    matchWindow: s.rule.matchWindow,
    memory: s.memory,
    maxFlows: s.tables.maxFlows,
    maxSoftwires: s.tables.maxSoftwires,
    maxBindings: s.tables.maxBindings,
    maxFragmentSets: s.tables.maxFragmentSets,
    maxFragmentBytes: s.tables.maxFragmentBytes,
    top: s.top,
    failOn: s.failOn,
    maxWarnings: s.maxWarnings,
    baseline,
    rules: Object.fromEntries(Object.keys(s.severity).map((id) => [id, [s.severity[id]!, s.ruleOptions[id]!]])),
  };
}
