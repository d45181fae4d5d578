/**
 * Every default a check runs with, in one place: the settings resolver fills them in
 * (config/settings.ts), and the CLI help, the configuration schema and the docs read them
 * here (test/docs-defaults.test.ts holds the docs to them). This module imports nothing, so
 * any stage may use it.
 */

/** The defaults of the settings a user may give (CLI option, configuration key, API field). */
export const DEFAULTS = {
  /** Largest IPv4 packet assumed on the B4's LAN (--lan-mtu; FRAG-002). */
  lanMtu: 1500,
  /** How oversized DF=1 packets must be handled (--df-profile; catalogue §3.1). */
  dfProfile: 'rfc6333',
  /** Whose bytes stand where inner IPv4 fragments overlap (--inner-overlap). */
  innerOverlap: 'first',
  /** Seconds either way within which a counterpart must appear on the other capture (--match-window; catalogue §11.4). */
  matchWindow: 0.2,
  /** The memory budget in MB the state tables are sized from (--memory; config/memory.ts). */
  memory: 256,
  /** Largest inner flows a report lists (--top), for the CLI and the API alike. */
  top: 20,
  /** The lowest finding severity that fails the run (--fail-on). */
  failOn: 'error',
  /** Findings kept per rule; the rest are counted (memory stays flat on a pathological capture). */
  maxFindingsPerRule: 1000,
  /** NAT bindings a report lists. */
  maxBindingsListed: 1000,
  /** Worker threads (--jobs). */
  jobs: 1,
} as const;

/** The widest a match window may be (seconds): beyond it unrelated datagrams pair. */
export const MAX_MATCH_WINDOW = 60;

/** The link MTU assumed where none is configured nor shown by the capture: Ethernet's, as hosts assume (RFC 894). */
export const ASSUMED_LINK_MTU = 1500;

/** The smallest memory budget (MB): below it the runtime alone leaves too little for useful tables. */
export const MIN_MEMORY_MB = 192;

/** The state tables a memory budget sizes. */
export interface TableLimits {
  /** Softwires per capture. */
  readonly maxSoftwires: number;
  /** Inner flows held at once. */
  readonly maxFlows: number;
  /** NAT bindings held at once (two-point checks). */
  readonly maxBindings: number;
  /** Fragment sets in flight, per reassembler. */
  readonly maxFragmentSets: number;
  /** Fragment bytes held, per reassembler. */
  readonly maxFragmentBytes: number;
}

/** The tables' sizes at the default budget (DEFAULTS.memory): the trackers' own defaults, the help text and the docs read them here. */
export const DEFAULT_TABLES: TableLimits = {
  maxSoftwires: 8_192,
  maxFlows: 200_000,
  maxBindings: 200_000,
  maxFragmentSets: 8_192,
  maxFragmentBytes: 32 << 20,
};

/** Reassembly limits no budget changes: RFC 8200 §4.5's 60 s, and fragments per set. */
export const FRAGMENT_SET_LIMITS = { maxFragmentsPerDatagram: 256, timeoutSeconds: 60 } as const;
