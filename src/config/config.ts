import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { ConfigError } from './error.js';
import { DEFAULT_LAN_MTU, DEFAULT_MATCH_WINDOW, DEFAULT_TOP } from './defaults.js';
import { readJsonFile } from './json-file.js';
import type { Severity } from '../report/model.js';
import { ruleOptions } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import { configSchema } from './schema.js';
import { DEFAULT_MEMORY_MB, tableLimits } from './memory.js';

export const CONFIG_FILE = 'dslite-check.config.json';

export type RuleLevel = Severity | 'off';
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

/** The settings a check runs with: defaults, then the configuration file, then the command line. */
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

/** Defaults, then the file, then the command line. */
export function resolveConfig(file: string | null, fc: FileConfig, cli: CliSettings): EffectiveConfig {
  const pick = <K extends keyof CliSettings & keyof FileConfig>(k: K): FileConfig[K] | undefined => cli[k] ?? fc[k];
  const memory = pick('memory') ?? DEFAULT_MEMORY_MB;
  const tables = tableLimits(memory);
  const fileMtu = typeof fc.mtu === 'number' ? { up: fc.mtu, down: fc.mtu } : (fc.mtu ?? {});
  const rules = Object.fromEntries(
    [...RULES]
      .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
      .map((r) => {
        const s = fc.rules?.[r.meta.id];
        const given = s === undefined || typeof s === 'string' ? undefined : s[1];
        return [r.meta.id, [s === undefined ? r.meta.defaultSeverity : level(s), ruleOptions(r.meta, given)] as const];
      }),
  );
  return {
    configFile: file,
    aftr: cli.aftr?.length ? cli.aftr : (fc.aftr ?? []),
    b4Prefixes: cli.b4Prefixes?.length ? cli.b4Prefixes : (fc.b4Prefixes ?? []),
    mtu: {
      up: cli.mtuUp ?? cli.mtuBoth ?? fileMtu.up ?? null,
      down: cli.mtuDown ?? cli.mtuBoth ?? fileMtu.down ?? null,
    },
    lanMtu: pick('lanMtu') ?? DEFAULT_LAN_MTU,
    dfProfile: pick('dfProfile') ?? 'rfc6333',
    innerOverlap: pick('innerOverlap') ?? 'first',
    natPools: cli.natPools?.length ? cli.natPools : (fc.natPools ?? []),
    portQuota: pick('portQuota') ?? null,
    authorisedSources: cli.authorisedSources?.length ? cli.authorisedSources : (fc.authorisedSources ?? []),
    registeredB4s: cli.registeredB4s?.length ? cli.registeredB4s : (fc.registeredB4s ?? []),
    matchWindow: pick('matchWindow') ?? DEFAULT_MATCH_WINDOW,
    memory,
    maxFlows: pick('maxFlows') ?? tables.maxFlows,
    maxSoftwires: pick('maxSoftwires') ?? tables.maxSoftwires,
    maxBindings: tables.maxBindings,
    maxFragmentSets: tables.maxFragmentSets,
    maxFragmentBytes: tables.maxFragmentBytes,
    top: pick('top') ?? DEFAULT_TOP,
    failOn: pick('failOn') ?? 'error',
    maxWarnings: pick('maxWarnings') ?? null,
    baseline: pick('baseline') ?? null,
    rules,
  };
}

/** The rule levels and options an effective configuration gives the engine. */
export function engineSettings(c: EffectiveConfig): {
  severity: Record<string, RuleLevel>;
  options: Record<string, Record<string, number>>;
} {
  const severity: Record<string, RuleLevel> = {};
  const options: Record<string, Record<string, number>> = {};
  for (const [id, [lvl, opts]] of Object.entries(c.rules)) {
    severity[id] = lvl;
    options[id] = { ...opts };
  }
  return { severity, options };
}
