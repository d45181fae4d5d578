import type { Ip6Key, Ip6Prefix } from '../codec/addr.js';
import type { Confidence, Severity } from '../model/report.js';
import type { EventMap, EventType } from '../track/events.js';
import { DEFAULTS } from '../config/defaults.js';
import type { OtherSide } from '../track/correlate.js';

export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY' | 'format' | 'advisory';
/** What a rule needs to judge (the catalogue's T, N, L, C): the tunnel capture, the AFTR's Internet side, the B4's LAN side, configuration. */
export type Need = 'tunnel' | 'internet' | 'lan' | 'config';
/** How a rule decides (the catalogue's D, H, I): from the packets, by a heuristic, or only to inform; some decide one way in one form and another in another. */
export type Kind = 'decidable' | 'heuristic' | 'informational' | 'decidable/heuristic' | 'decidable/informational';

/** The words `dslite-check explain` uses for each. */
export const NEED_WORDS: Readonly<Record<Need, string>> = {
  tunnel: 'the tunnel capture',
  internet: "the AFTR's Internet side (--internet)",
  lan: "the B4's LAN side (--lan)",
  config: 'configuration',
};
export const KIND_WORDS: Readonly<Record<Kind, string>> = {
  decidable: 'decidable',
  heuristic: 'heuristic',
  informational: 'informational',
  'decidable/heuristic': 'decidable or heuristic',
  'decidable/informational': 'decidable or informational',
};

export interface RfcRef {
  readonly document: string;
  readonly section: string;
}

export interface RuleMeta {
  /** Catalogue ID, verbatim from spec/rules.md. */
  readonly id: string;
  readonly title: string;
  /** What the rule checks, for people: the rules table in docs/rules.md is made from it (npm run docs). */
  readonly docs: string;
  readonly rfc: readonly RfcRef[];
  readonly level: Level;
  /** How it decides (catalogue §4's D, H, I). */
  readonly kind: Kind;
  readonly needs: readonly Need[];
  readonly defaultSeverity: Severity;
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
  /**
   * Settings a configuration may give the rule (`"TUN-004": ["error", { "minPackets": 50 }]`):
   * each an integer with its bounds, default and meaning. The configuration schema is made from these.
   */
  readonly options?: Readonly<Record<string, RuleOption>>;
  /**
   * 'capture': the verdict weighs a capture's softwires together (one finding for all of them,
   * a share, a largest, a first): under --shard only the first shard runs the rule, fed with
   * every softwire's events. Absent: each softwire is judged on its own, by the shard that owns it.
   */
  readonly scope?: 'capture';
}

export interface RuleOption {
  readonly description: string;
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
}

export interface ReportDescriptor {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly frames: readonly number[];
  readonly input: number;
  readonly confidence: Confidence;
  /** Overrides the rule's default severity (e.g. info for tolerated behaviour). */
  readonly severity?: Severity;
  /** The counterpart's frames on the other capture. */
  readonly related?: readonly { readonly input: number; readonly frames: readonly number[] }[];
  /** The softwire it is about, for findings reported after the packets (else read off the event being handled). */
  readonly softwire?: { readonly b4: Ip6Key; readonly aftr: Ip6Key };
}

/** What the user told the checker about the network (catalogue §11.5); absent means "infer". */
export interface RuleConfig {
  /** IPv6 link MTU per direction (up = B4 → AFTR). */
  readonly mtu: { readonly up: number | undefined; readonly down: number | undefined };
  /** How DF=1 oversized packets must be handled (catalogue §3.1). */
  readonly dfProfile: 'rfc6333' | 'rfc2473';
  /** Largest IPv4 packet assumed on the B4's LAN (FRAG-002). */
  readonly lanMtu: number;
  /** Capture points correlated with the tunnel capture: rules that can confirm with them wait for their verdicts. */
  readonly sides: readonly ('internet' | 'lan')[];
  /** Seconds within which a counterpart must appear on the other capture (--match-window). */
  readonly matchWindow: number;
  /** The AFTR's NAT pools (--nat-pool); empty when inferred from the Internet side. */
  readonly natPools: readonly { readonly network: number; readonly mask: number }[];
  /** Inner IPv4 sources the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (SEC-001). */
  readonly authorisedSources: readonly { readonly network: number; readonly mask: number }[];
  /** IPv6 prefixes of the B4s registered for the service (--registered-b4); empty when not given (SEC-002 then judges nothing). */
  readonly registeredB4s: readonly Ip6Prefix[];
  /** Per-subscriber port quota (--port-quota), for NAT-009. */
  readonly portQuota: number | undefined;
}

/** What rules see when nothing is configured (config/defaults.ts): a rule created only to ask what it listens to, a unit test. */
export const DEFAULT_RULE_CONFIG: RuleConfig = {
  mtu: { up: undefined, down: undefined },
  dfProfile: DEFAULTS.dfProfile,
  lanMtu: DEFAULTS.lanMtu,
  sides: [],
  matchWindow: DEFAULTS.matchWindow,
  natPools: [],
  authorisedSources: [],
  registeredB4s: [],
  portQuota: undefined,
};

/** What the other capture showed of one flow around one moment; filled in as the correlation goes on. */
export interface CoverageWatch {
  /** A whole datagram of the flow paired within the span. */
  covered: boolean;
  /** Frames of whole datagrams of the flow that found no counterpart within the span. */
  hole: number[] | undefined;
}

/** Whose coverage a history follows: the tunnel capture's datagrams, or the other capture's. */
export type CoverageOf = 'tunnel' | 'other';

/** One side's coverage as rules read it: `watch` a flow at a moment, read the watch when the correlation ends. */
export interface CoverageView {
  watch(flow: number, time: number): CoverageWatch;
}

export interface RuleContext {
  report(d: ReportDescriptor): void;
  /** Counts findings a rule did not keep (its own bounded state was full), like the engine's per-rule limit does. */
  suppress(count: number): void;
  /**
   * True when a finding of capture `input` about `frames` could not be kept (the rule already
   * holds as many that sort before it as a report keeps): it is only counted, so a rule under a
   * flood may call suppress(1) instead of building its words.
   */
  atLimit(input: number, frames: readonly number[]): boolean;
  readonly config: RuleConfig;
  /** The rule's options (meta.options), defaults filled in. */
  readonly options: Readonly<Record<string, number>>;
  /** The run's shared coverage history of one side (catalogue §10.2): what an absence-based finding is weighed against. */
  coverage(side: OtherSide, of?: CoverageOf): CoverageView;
}

export type Handlers = { readonly [K in EventType]?: (e: EventMap[K]) => void };

export interface Rule {
  readonly meta: RuleMeta;
  create(context: RuleContext): Handlers;
}

export function rfcText(refs: readonly RfcRef[]): string {
  return refs.map((r) => `RFC ${r.document} ${r.section}`).join('; ');
}
