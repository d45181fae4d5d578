/** One capture of a diff, as the report describes it. */
export interface DiffInput {
  readonly file: string;
  readonly format: 'pcap' | 'pcap-ns' | 'pcapng';
  readonly frames: number;
  /** Frames that carried softwire packets (whole or outer fragments). */
  readonly softwireFrames: number;
  /** Inner IPv4 datagrams found, complete or not. */
  readonly datagrams: number;
  /** The reader stopped before the end of the file. */
  readonly incomplete: boolean;
}

export type DiffKind = 'changed' | 'missing' | 'unexpected';

/** One datagram that differs: changed (with what), missing from the actual capture, or unexpected in it. */
export interface DiffEntry {
  readonly kind: DiffKind;
  /** "192.168.1.10:40000 → 198.51.100.80:5001 udp, ID 4, 1500 bytes" */
  readonly datagram: string;
  /** Outer source → destination. */
  readonly softwire: string;
  readonly expectedFrames: readonly number[];
  /** Wireshark display filters selecting the datagram's frames in each capture ('' when it is not there). */
  readonly expectedFilter: string;
  readonly actualFilter: string;
  readonly actualFrames: readonly number[];
  readonly fields: readonly { readonly field: DiffField; readonly text: string }[];
}

export interface DiffReport {
  readonly tool: 'dslite-check diff';
  readonly version: string;
  readonly expected: DiffInput;
  readonly actual: DiffInput;
  readonly options: { readonly window: number; readonly ignore: readonly string[] };
  readonly summary: {
    readonly verdict: 'equivalent' | 'different';
    readonly matched: number;
    readonly identical: number;
    readonly changed: number;
    readonly missing: number;
    readonly unexpected: number;
    /** Pairs whose actual datagram came in another order than expected (tolerated, counted). */
    readonly reordered: number;
    /** Datagrams of the actual capture in softwire ways (source → destination) the expected capture never carries: not compared. */
    readonly outOfScope: number;
    /** Differences per field over every changed datagram. */
    readonly byField: Readonly<Partial<Record<DiffField, number>>>;
    /** Entries listed in `differences`; the rest are counted only. */
    readonly listed: number;
    readonly peakWaiting: number;
  };
  readonly differences: readonly DiffEntry[];
  readonly warnings: readonly string[];
}

/**
 * Fields the comparison can be told to leave alone (`--ignore`). The fragment
 * Identification, the flow label and timestamps are never compared: the standards leave
 * them to the sender (RFC 8200 §4.5, RFC 6437).
 */
export const IGNORABLE = ['hop-limit', 'traffic-class', 'ttl', 'tos', 'df', 'tel', 'softwire'] as const;
export type IgnorableField = (typeof IGNORABLE)[number];

/** What every difference is about: one of the ignorable fields or how the datagram was carried. */
export type DiffField = IgnorableField | 'carriage' | 'fragment-size' | 'length' | 'data' | 'checksum' | 'incomplete';
