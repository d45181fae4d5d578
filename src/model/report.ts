/** The one report model every output format renders. JSON output is this, verbatim. */

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'confirmed' | 'likely' | 'possible';
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export interface Finding {
  /** Catalogue ID from spec/rules.md, e.g. "TUN-002". */
  readonly rule: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** Index into `inputs`. */
  readonly input: number;
  /** 1-based frame numbers as Wireshark shows them, ascending. */
  readonly frames: readonly number[];
  readonly message: string;
  /** e.g. "RFC 2473 §5; RFC 8200 §3". */
  readonly rfc: string;
  readonly messageId: string;
  /** The counterpart's frames on another capture (two-point findings). */
  readonly related?: readonly RelatedFrames[];
  /** Wireshark display filter selecting `frames` in their capture ("frame.number in {12, 13}"). */
  readonly filter: string;
  /** The softwire and inner flow it is about, when known: what a baseline matches on. */
  readonly softwire?: { readonly b4: string; readonly aftr: string };
  readonly flow?: string;
  /** How the datagram's bytes were split, for fragmentation findings. */
  readonly layout?: FindingLayout;
  /** A file sequence's frames: each file with its own frame numbers (what Wireshark shows when it opens that file). */
  readonly at?: readonly FileFrames[];
}

export interface FileFrames {
  readonly file: string;
  readonly frames: readonly number[];
  readonly filter: string;
}

export interface RelatedFrames {
  readonly input: number;
  readonly frames: readonly number[];
  readonly filter: string;
  /** As Finding.at, when that capture is a file sequence. */
  readonly at?: readonly FileFrames[];
}

/** One fragment: where its bytes start and how many it carries, and the frames that carried it. */
export interface LayoutPiece {
  readonly offset: number;
  readonly length: number;
  readonly frames: readonly number[];
}

/**
 * How one datagram was split. `unit` says what the offsets count: the inner IPv4 datagram's
 * data (after its header), or the outer packet's fragmentable part (the inner packet whole).
 */
export interface FindingLayout {
  readonly unit: 'inner-data' | 'outer-fragmentable';
  readonly total: number;
  readonly outer?: readonly LayoutPiece[];
  readonly inner?: readonly LayoutPiece[];
}

/** Where an input was captured: the B4–AFTR link, the AFTR's Internet side, the B4's LAN side. */
export type Role = 'tunnel' | 'internet' | 'lan';

/**
 * The tunnel capture an input was read with: itself, or for a side capture the tunnel capture
 * before it (a run lists a tunnel capture, then its sides; a merge keeps that order).
 */
export function tunnelOf(inputs: readonly { readonly role: Role }[], input: number): number {
  for (let i = input; i >= 0; i--) if (inputs[i]?.role === 'tunnel') return i;
  return 0;
}

/** How one other capture point was matched with the tunnel capture (catalogue §11.4). */
export interface CorrelationSummary {
  readonly side: 'internet' | 'lan';
  readonly tunnelInput: number;
  readonly input: number;
  /** Seconds added to the other capture's timestamps, and the match window either way. */
  readonly offset: number;
  readonly window: number;
  readonly pairs: { readonly up: number; readonly down: number };
  readonly ambiguous: number;
  readonly unpaired: { readonly tunnel: number; readonly other: number };
  /** Unpaired while the other capture was not running (by the capture the datagram was on). */
  readonly outOfSpan: { readonly tunnel: number; readonly other: number };
  /** Not matchable: the capture cut the bytes the digest needs. */
  readonly unkeyed: { readonly tunnel: number; readonly other: number };
  readonly evicted: number;
  /** Median capture-time difference (other − tunnel) of matched TCP SYNs: transit plus clock offset. */
  readonly synDelta: { readonly seconds: number; readonly samples: number } | null;
  /**
   * Unpaired datagrams (inside both captures' span) by where they were and which way they went,
   * which says why: on the Internet side, tunnel up = dropped by the AFTR, other down = filtered
   * or dropped by the AFTR, tunnel down = sent by the AFTR itself, other up = not from a
   * softwire of the tunnel capture; on the LAN side, other up and tunnel down = dropped by the
   * B4, tunnel up = sent by the B4 itself, other down = not from the tunnel. otherUnknown: the
   * side datagram's direction is not known (no binding or host learnt).
   */
  readonly unpairedBy: {
    readonly tunnelUp: number;
    readonly tunnelDown: number;
    readonly otherUp: number;
    readonly otherDown: number;
    readonly otherUnknown: number;
  };
}

export interface InputSummary {
  readonly file: string;
  readonly role: Role;
  readonly format: 'pcap' | 'pcap-ns' | 'pcapng';
  readonly byteOrder: 'little-endian' | 'big-endian';
  readonly gzip: boolean;
  readonly frames: number;
  readonly bytes: number;
  readonly interfaces: readonly { id: number; linkType: number; linkName: string; name?: string; snapLen: number }[];
  /** Capture time of the first and last frame, as decimal seconds since the epoch ("1767225600.012500000"). */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** True when the reader stopped before the end of the file or the file was cut. */
  readonly incomplete: boolean;
  /** Interface statistics blocks: packets the capture itself dropped (null when unknown). */
  readonly drops: number | null;
  /** Tunnel captures: each direction's link MTU and where it comes from. */
  readonly linkMtu?: { readonly up: LinkMtuSummary; readonly down: LinkMtuSummary };
  /** A file sequence read as this one capture: its files in reading order (`frames` and the times are the whole sequence's). */
  readonly sequence?: readonly SequenceFileSummary[];
}

/** One file of a sequence: where its frames sit in the sequence's numbering, and its time span. */
export interface SequenceFileSummary {
  readonly file: string;
  /** The sequence's number of the file's frame 1 (the sequence numbers frames as `mergecap -a` of its files in this order). */
  readonly firstFrame: number;
  readonly frames: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** Seconds from the previous file's last frame to this file's first: negative when they overlap; null for the first file or an empty one. */
  readonly after: number | null;
  readonly incomplete: boolean;
}

/** A link MTU: given with --mtu, learned from the capture (from frame `frame`, `how`), or assumed. */
export interface LinkMtuSummary {
  readonly value: number;
  readonly source: 'configured' | 'learned' | 'assumed';
  readonly how?: 'packet-too-big' | 'outer-fragments' | 'largest-packet';
  readonly frame?: number;
  /** Learned as a floor (the link carried that much), not the MTU itself. */
  readonly atLeast?: boolean;
}

export interface DirectionSummary {
  readonly packets: number;
  readonly bytes: number;
  readonly outerFragments: number;
  readonly innerFragments: number;
  readonly maxOuter: number;
  readonly maxInner: number;
}

export interface SoftwireSummary {
  readonly input: number;
  readonly b4: string;
  readonly aftr: string;
  readonly aftrEvidence: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly firstFrame: number;
  readonly up: DirectionSummary;
  readonly down: DirectionSummary;
  readonly hopLimits: { readonly up: readonly ValueCount[]; readonly down: readonly ValueCount[] };
  readonly trafficClasses: { readonly up: readonly ValueCount[]; readonly down: readonly ValueCount[] };
  readonly telPackets: number;
  readonly flows: number;
  /** The tunnels the softwire travelled in (IPv6 in IPv4, GRE, IPv6 in IPv6), outermost first; absent when none. */
  readonly carriage?: readonly string[];
}

export interface ValueCount {
  readonly value: number;
  readonly count: number;
}

export interface FlowSummary {
  readonly input: number;
  readonly b4: string;
  readonly aftr: string;
  readonly protocol: string;
  readonly internal: string;
  readonly internalPort: number;
  readonly remote: string;
  readonly remotePort: number;
  readonly up: { readonly packets: number; readonly bytes: number };
  readonly down: { readonly packets: number; readonly bytes: number };
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface AnomalySummary {
  readonly id: string;
  readonly kind: 'capture' | 'snaplen' | 'malformed' | 'unsupported' | 'limit';
  readonly title: string;
  readonly input: number;
  readonly count: number;
  /** The first frames it was seen on (at most 10). */
  readonly frames: readonly number[];
  /** The first detail text, when the stage gave one. */
  readonly detail?: string;
}

export interface Summary {
  readonly frames: number;
  readonly softwireFrames: number;
  readonly otherFrames: number;
  readonly categories: Readonly<Record<string, number>>;
  /** Softwires seen; `softwiresEvicted` of them were folded away (not listed) to bound memory. */
  readonly softwires: number;
  readonly softwiresEvicted: number;
  readonly b4s: number;
  readonly aftrs: readonly { address: string; evidence: string }[];
  readonly flows: { readonly total: number; readonly evicted: number; readonly listed: number };
  readonly anomalies: number;
  readonly findings: Readonly<Record<Severity, number>>;
  /** Findings dropped past the per-rule cap, by rule. */
  readonly suppressedFindings: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  readonly verdict: 'pass' | 'fail';
  readonly failOn: Severity | 'never';
  /** More warnings than this fail the run; null when not set. */
  readonly maxWarnings: number | null;
  /** Findings a baseline covered (not listed). */
  readonly baselined: number;
  /** The DF profile the rules judged by (catalogue §3.1). */
  readonly dfProfile: 'rfc6333' | 'rfc2473';
}

export interface Report {
  readonly tool: 'dslite-check';
  readonly version: string;
  readonly inputs: readonly InputSummary[];
  readonly summary: Summary;
  readonly softwires: readonly SoftwireSummary[];
  readonly flows: readonly FlowSummary[];
  readonly anomalies: readonly AnomalySummary[];
  readonly findings: readonly Finding[];
  /** One entry per capture point correlated with the tunnel capture (empty without --internet/--lan). */
  readonly correlation: readonly CorrelationSummary[];
  /** The AFTR's NAT bindings rebuilt from the tunnel and Internet captures; null without --internet. */
  readonly nat: NatSummary | null;
  /** Every rule's outcome per tunnel input: what JUnit lists as test cases. */
  readonly rules: readonly RuleResult[];
  /** Outer packet sizes per direction over all tunnel captures, against the link MTU. */
  readonly sizes: SizeHistogram;
}

export interface SizeHistogram {
  /** Width of a bin in bytes; a bin `from` holds sizes from..from+binWidth−1 (the last one, 9216, everything larger). */
  readonly binWidth: number;
  /** The configured link MTU per direction; null when it was inferred. */
  readonly linkMtu: { readonly up: number | null; readonly down: number | null };
  readonly up: readonly { readonly from: number; readonly count: number }[];
  readonly down: readonly { readonly from: number; readonly count: number }[];
}

export type RuleStatus = 'passed' | 'failed' | 'skipped';

export interface RuleResult {
  readonly rule: string;
  readonly title: string;
  readonly rfc: string;
  /** The configured severity, or off. */
  readonly severity: Severity | 'off';
  readonly results: readonly {
    /** A tunnel input (side captures count with the tunnel capture they were read with). */
    readonly input: number;
    readonly status: RuleStatus;
    readonly findings: number;
    /** Why the capture could not decide it (skipped only). */
    readonly reason?: string;
  }[];
}

/** One NAT binding: (B4, internal endpoint, protocol) ⇄ external endpoint (catalogue §11.3). */
export interface BindingSummary {
  readonly b4: string;
  readonly protocol: string;
  readonly internal: string;
  /** TCP/UDP port or ICMP identifier. */
  readonly internalPort: number;
  readonly external: string;
  readonly externalPort: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly up: number;
  readonly down: number;
  /** Remote endpoints it was used toward ("198.51.100.80:5001"; ICMP: the address). */
  readonly remotes: readonly string[];
  readonly remoteCount: number;
  /** Softwires (B4 addresses) its replies went down, with packet counts. */
  readonly replies: readonly { readonly b4: string; readonly packets: number }[];
  /** First frames that showed it, per capture. */
  readonly tunnelFrames: readonly number[];
  readonly internetFrames: readonly number[];
}

export interface NatSummary {
  /** Configured with --nat-pool, or the external addresses seen (inferred). */
  readonly pool: { readonly prefixes: readonly string[]; readonly inferred: boolean };
  readonly portQuota: number | null;
  readonly bindings: readonly BindingSummary[];
  readonly totals: {
    readonly bindings: number;
    readonly listed: number;
    readonly evicted: number;
    /** Down pairs whose external endpoint no binding held (inbound before any outbound, or outside the capture). */
    readonly unowned: number;
    /** Pairs without a port or identifier to key (fragments, ICMP errors). */
    readonly unkeyed: number;
  };
  readonly perB4: readonly {
    readonly b4: string;
    readonly bindings: number;
    readonly externalAddresses: readonly string[];
    readonly externalPorts: number;
  }[];
}
