import { type ShardSpec, WHOLE } from './shard.js';
import type { CaptureSource } from '../capture/open.js';
import { type Ip6Key, type Ip6Prefix, parseIp4Prefix, parseIp6, parseIp6Prefix } from '../codec/addr.js';
import type { Baseline } from '../report/baseline.js';
import type { Severity } from '../model/report.js';
import { ruleOptions } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import type { Rule, RuleConfig } from '../rules/types.js';
import { DEFAULTS, FRAGMENT_SET_LIMITS, MAX_MATCH_WINDOW, MIN_MEMORY_MB, type TableLimits } from './defaults.js';
import { ConfigError } from './error.js';
import { tableLimits } from './memory.js';

export type RuleLevel = Severity | 'off';
type Ip4Prefix = { readonly network: number; readonly mask: number };

/** A capture beside the tunnel capture, correlated with it (catalogue §11.4). */
export interface SideCapture {
  readonly path: CaptureSource;
  /** Seconds added to its timestamps (its capture host's clock against the tunnel capture's). */
  readonly offset?: number;
  /** Only these interfaces of the file (pcapng if_name or number): one pcapng may hold both capture points. */
  readonly interfaces?: readonly string[];
}

/**
 * What a caller of `check()` may give; every field is optional and `resolveSettings` fills in
 * the rest from config/defaults.ts. The CLI builds this from its flags and the configuration file.
 */
export interface CheckOptions {
  /** AFTR IPv6 addresses (text); others are inferred. */
  readonly aftrs?: readonly string[];
  /** IPv6 prefixes the B4s are in: an end inside one is the B4 (text). */
  readonly b4Prefixes?: readonly string[];
  readonly failOn?: Severity | 'never';
  /** More warnings than this fail the run (ESLint's --max-warnings). */
  readonly maxWarnings?: number;
  /** Accepted findings: only the others are reported. */
  readonly baseline?: Baseline;
  /** Rule options by rule ID (each rule's defaults fill the rest). */
  readonly ruleOptions?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The memory budget (MB) the state tables are sized from, unless given one by one below. */
  readonly memory?: number;
  readonly maxFlows?: number;
  /** Softwires held at once per capture; past it the least recently seen eighth is folded away. */
  readonly maxSoftwires?: number;
  /** Bindings held at once (memory bound). */
  readonly maxBindings?: number;
  /** Fragment sets in flight and fragment bytes held, per reassembler. */
  readonly maxFragmentSets?: number;
  readonly maxFragmentBytes?: number;
  /** Fragments one set may hold, and seconds after which an incomplete set is abandoned (RFC 8200 §4.5's 60). */
  readonly maxFragmentsPerDatagram?: number;
  readonly fragmentTimeout?: number;
  readonly top?: number;
  readonly maxFindingsPerRule?: number;
  readonly maxBindingsListed?: number;
  /** Analyse only this share of the softwires (--shard I/N; pipeline/shard.ts). */
  readonly shard?: ShardSpec;
  readonly rules?: readonly Rule[];
  /** Levels by rule ID; each rule's default fills the rest. */
  readonly severity?: Readonly<Record<string, RuleLevel>>;
  /** Display names for the inputs (defaults to the paths). */
  readonly names?: readonly string[];
  /** IPv6 link MTU for both directions, or per direction (overrides `mtu`). */
  readonly mtu?: number;
  readonly mtuUp?: number;
  readonly mtuDown?: number;
  readonly dfProfile?: 'rfc6333' | 'rfc2473';
  readonly lanMtu?: number;
  /** Whose bytes stand where inner IPv4 fragments overlap (always reported). */
  readonly innerOverlap?: 'first' | 'last';
  /** A capture on the AFTR's IPv4 (Internet) side, correlated with the one tunnel capture. */
  readonly internet?: SideCapture;
  /** A capture on the B4's LAN side, correlated with the one tunnel capture. */
  readonly lan?: SideCapture;
  /** Seconds either way within which a counterpart must appear (catalogue §11.4). */
  readonly matchWindow?: number;
  /** The AFTR's NAT pool prefixes (inferred from the Internet side when absent). */
  readonly natPools?: readonly string[];
  /** Per-subscriber port quota, reported. */
  readonly portQuota?: number;
  /** Inner IPv4 sources the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (SEC-001). */
  readonly authorisedSources?: readonly string[];
  /** IPv6 prefixes of the B4s registered for the service (SEC-002). */
  readonly registeredB4s?: readonly string[];
  /** Only these interfaces of the tunnel capture (pcapng if_name or number). */
  readonly tunnelInterfaces?: readonly string[];
  /**
   * The tunnel capture files are one capture, read file after file in the order of their first
   * frames (a ring buffer's or a rotation's files). `check()` sets it when the names are those
   * such tools write (capture/ring-names.ts) and it is not given.
   */
  readonly sequence?: boolean;
}

/** A side capture and which side it is. */
export interface SideInput {
  readonly side: 'internet' | 'lan';
  readonly capture: SideCapture;
}

/**
 * The settings a check runs with: every default filled in, every address parsed, every value
 * checked. Nothing downstream applies a default again; the stages read this.
 */
export interface Settings {
  readonly aftrs: ReadonlySet<Ip6Key>;
  readonly b4Prefixes: readonly Ip6Prefix[];
  /** What the rules read (link MTUs, profiles, pools, prefixes, the capture points). */
  readonly rule: RuleConfig;
  readonly innerOverlap: 'first' | 'last';
  readonly memory: number;
  readonly tables: TableLimits;
  /** Outer and inner reassembly limits. */
  readonly reassembly: {
    readonly maxFragmentSets: number;
    readonly maxFragmentBytes: number;
    readonly maxFragmentsPerDatagram: number;
    readonly timeoutSeconds: number;
  };
  readonly top: number;
  readonly failOn: Severity | 'never';
  readonly maxWarnings: number | null;
  readonly maxFindingsPerRule: number;
  readonly maxBindingsListed: number;
  readonly shard: ShardSpec;
  readonly baseline: Baseline | undefined;
  readonly rules: readonly Rule[];
  /** Every rule's level and options, defaults filled in. */
  readonly severity: Readonly<Record<string, RuleLevel>>;
  readonly ruleOptions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly names: readonly string[] | undefined;
  readonly sides: readonly SideInput[];
  readonly tunnelInterfaces: readonly string[] | undefined;
  /** The tunnel capture files are one capture (CheckOptions.sequence). */
  readonly sequence: boolean;
  /** The addresses and prefixes as given (the report lists the NAT pools; --print-config all). */
  readonly text: Readonly<
    Record<'aftrs' | 'b4Prefixes' | 'natPools' | 'authorisedSources' | 'registeredB4s', readonly string[]>
  >;
}

function prefixes6(list: readonly string[], option: string): Ip6Prefix[] {
  return list.map((p) => {
    const x = parseIp6Prefix(p);
    if (!x) throw new ConfigError(`${option} ${p}: not an IPv6 prefix like 2001:db8:100::/40`);
    return x;
  });
}

function prefixes4(list: readonly string[], option: string): Ip4Prefix[] {
  return list.map((p) => {
    const x = parseIp4Prefix(p);
    if (!x) throw new ConfigError(`${option} ${p}: not an IPv4 prefix like 203.0.113.0/24`);
    return x;
  });
}

function addresses6(list: readonly string[]): Set<Ip6Key> {
  const out = new Set<Ip6Key>();
  for (const a of list) {
    const k = parseIp6(a);
    if (!k) throw new ConfigError(`--aftr ${a}: not an IPv6 address`);
    out.add(k);
  }
  return out;
}

/** Checks that only one tunnel capture was given where a setting needs exactly one. */
function oneTunnelCapture(captures: number, o: CheckOptions): void {
  if ((o.internet || o.lan) && captures !== 1)
    throw new ConfigError(`--internet and --lan are correlated with one tunnel capture; ${captures} were given`);
  if (o.tunnelInterfaces && captures !== 1)
    throw new ConfigError(`--tunnel-if selects interfaces of one capture; ${captures} were given`);
}

/** The range checks of numeric settings the schema and the CLI's parser cannot express alone (the API has neither). */
function checkNumbers(o: CheckOptions, mtu: RuleConfig['mtu'], window: number, memory: number): void {
  if (!(window > 0 && window <= MAX_MATCH_WINDOW))
    throw new ConfigError(`match window ${window}: give seconds above 0, at most ${MAX_MATCH_WINDOW}`);
  for (const [dir, v] of Object.entries(mtu))
    if (v !== undefined && (!Number.isInteger(v) || v < 1280 || v > 65535))
      throw new ConfigError(`MTU ${dir} ${v}: an IPv6 link MTU is an integer from 1280 to 65535 (RFC 8200 §5)`);
  if (o.portQuota !== undefined && (!Number.isInteger(o.portQuota) || o.portQuota < 1))
    throw new ConfigError(`--port-quota ${o.portQuota}: a positive number of ports`);
  if (!Number.isInteger(memory) || memory < MIN_MEMORY_MB)
    throw new ConfigError(`--memory must be a whole number of MB, at least ${MIN_MEMORY_MB}`);
}

/** Every rule's level and options: what is given, else the rule's default. */
/** The share of softwires to analyse: a shard splits one tunnel capture's softwires, not a correlation of capture points. */
function shardOf(o: CheckOptions, sides: number): ShardSpec {
  const shard = o.shard ?? WHOLE;
  if (shard.count > 1 && sides > 0)
    throw new ConfigError('--shard splits a tunnel capture by softwire; it does not combine with --internet or --lan');
  return shard;
}

function ruleSettings(rules: readonly Rule[], o: CheckOptions): Pick<Settings, 'severity' | 'ruleOptions'> {
  const severity: Record<string, RuleLevel> = {};
  const options: Record<string, Record<string, number>> = {};
  for (const r of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    severity[r.meta.id] = o.severity?.[r.meta.id] ?? r.meta.defaultSeverity;
    options[r.meta.id] = ruleOptions(r.meta, o.ruleOptions?.[r.meta.id]);
  }
  return { severity, ruleOptions: options };
}

/** Options given, then defaults: validated once into the settings every stage reads. */
export function resolveSettings(captures: number, o: CheckOptions): Settings {
  // A sequence is one tunnel capture however many files it has.
  oneTunnelCapture(o.sequence ? 1 : captures, o);
  const sides = (['internet', 'lan'] as const).flatMap((side) => {
    const capture = o[side];
    return capture ? [{ side, capture }] : [];
  });
  const mtu = { up: o.mtuUp ?? o.mtu, down: o.mtuDown ?? o.mtu };
  const matchWindow = o.matchWindow ?? DEFAULTS.matchWindow;
  const memory = o.memory ?? DEFAULTS.memory;
  checkNumbers(o, mtu, matchWindow, memory);
  const budget = tableLimits(memory);
  const tables: TableLimits = {
    maxSoftwires: o.maxSoftwires ?? budget.maxSoftwires,
    maxFlows: o.maxFlows ?? budget.maxFlows,
    maxBindings: o.maxBindings ?? budget.maxBindings,
    maxFragmentSets: o.maxFragmentSets ?? budget.maxFragmentSets,
    maxFragmentBytes: o.maxFragmentBytes ?? budget.maxFragmentBytes,
  };
  const rules = o.rules ?? RULES;
  return {
    aftrs: addresses6(o.aftrs ?? []),
    b4Prefixes: prefixes6(o.b4Prefixes ?? [], 'B4 prefix'),
    rule: {
      mtu,
      dfProfile: o.dfProfile ?? DEFAULTS.dfProfile,
      lanMtu: o.lanMtu ?? DEFAULTS.lanMtu,
      sides: sides.map((s) => s.side),
      matchWindow,
      natPools: prefixes4(o.natPools ?? [], '--nat-pool'),
      portQuota: o.portQuota,
      authorisedSources: prefixes4(o.authorisedSources ?? [], '--authorised-source'),
      registeredB4s: prefixes6(o.registeredB4s ?? [], '--registered-b4'),
    },
    innerOverlap: o.innerOverlap ?? DEFAULTS.innerOverlap,
    memory,
    tables,
    reassembly: {
      maxFragmentSets: tables.maxFragmentSets,
      maxFragmentBytes: tables.maxFragmentBytes,
      maxFragmentsPerDatagram: o.maxFragmentsPerDatagram ?? FRAGMENT_SET_LIMITS.maxFragmentsPerDatagram,
      timeoutSeconds: o.fragmentTimeout ?? FRAGMENT_SET_LIMITS.timeoutSeconds,
    },
    top: o.top ?? DEFAULTS.top,
    failOn: o.failOn ?? DEFAULTS.failOn,
    maxWarnings: o.maxWarnings ?? null,
    maxFindingsPerRule: o.maxFindingsPerRule ?? DEFAULTS.maxFindingsPerRule,
    maxBindingsListed: o.maxBindingsListed ?? DEFAULTS.maxBindingsListed,
    shard: shardOf(o, sides.length),
    baseline: o.baseline,
    rules,
    ...ruleSettings(rules, o),
    names: o.names,
    sides,
    tunnelInterfaces: o.tunnelInterfaces,
    sequence: o.sequence ?? false,
    text: {
      aftrs: o.aftrs ?? [],
      b4Prefixes: o.b4Prefixes ?? [],
      natPools: o.natPools ?? [],
      authorisedSources: o.authorisedSources ?? [],
      registeredB4s: o.registeredB4s ?? [],
    },
  };
}
