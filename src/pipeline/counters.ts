import { readProgress } from '../capture/progress.js';
import type { CaptureInterface, CaptureRecord, InterfaceStats, ReaderNotice } from '../capture/types.js';
import { LINK_NAMES } from '../dissect/link.js';
import type { Category } from '../dissect/types.js';
import type { InputSummary } from '../model/report.js';
import type { AnomalyLog } from '../track/anomaly-log.js';
import type { EventSink } from '../track/events.js';
import type { DefragLimits } from '../track/defrag-ipv6.js';
import type { OverlapPolicy } from '../track/defrag-ipv4.js';

/** Dissection categories in the order of the counters every stage adds to (`StageOptions.categoryCounts`). */
export const CATEGORIES: readonly Category[] = [
  'softwire',
  'softwire-fragment',
  'ipv6-fragment',
  'srv6',
  'address-4in6',
  'icmpv6',
  'ipv6',
  'ipv4',
  'arp',
  'other',
  'unsupported',
  'malformed',
];
export const CATEGORY_INDEX: ReadonlyMap<string, number> = new Map(CATEGORIES.map((c, i) => [c, i]));

/** What every capture's stages share: where to report, the reassembly limits, the frame counts. */
export interface StageOptions {
  readonly input: number;
  readonly name: string;
  /** Where the stages hand their events: the rule engine, or a listener in its place. */
  readonly sink: EventSink;
  readonly anomalies: AnomalyLog;
  /** Frames per dissection category, all inputs together, at `categoryIndex.get(category)`. */
  readonly categoryCounts: Float64Array;
  readonly categoryIndex: ReadonlyMap<string, number>;
  readonly limits: DefragLimits;
  /** Whose bytes stand where IPv4 fragments overlap (always reported). */
  readonly overlap: OverlapPolicy;
  readonly warnings: string[];
}

/** Notices a verdict's reader must see beside it: a sequence's files leave time uncovered or overlap (absences and timeouts read differently there). */
const SAID_AS_WARNING = new Set(['capture.sequence_gap', 'capture.sequence_overlap']);

/** What every input reports about itself, whatever its role: frames, times, interfaces, drops, cuts. */
export interface CaptureCounters {
  frame(rec: CaptureRecord): void;
  /** Reports an unsupported link type once per interface. */
  unsupported(rec: CaptureRecord): void;
  onInterface(i: CaptureInterface): void;
  onNotice(n: ReaderNotice): void;
  onStats(s: InterfaceStats): void;
  /** Capture time of the last frame in seconds (0 before any). */
  lastTime(): number;
  readonly frames: number;
  readonly first: { sec: number; nsec: number } | undefined;
  readonly last: { sec: number; nsec: number } | undefined;
  readonly interfaces: InputSummary['interfaces'][number][];
  readonly incomplete: boolean;
  /** Packets the capture says it dropped, null when it does not say. */
  readonly drops: number | null;
}

export function createCaptureCounters(
  input: number,
  name: string,
  anomalies: AnomalyLog,
  warnings: string[],
): CaptureCounters {
  const interfaces: InputSummary['interfaces'][number][] = [];
  const unsupportedReported = new Set<number>();
  let frames = 0;
  let firstSec = -1;
  let firstNsec = 0;
  let lastSec = 0;
  let lastNsec = 0;
  let incomplete = false;
  let drops: number | null = null;
  return {
    frame(rec) {
      readProgress.frames++;
      if (frames++ === 0) {
        firstSec = rec.tsSec;
        firstNsec = rec.tsNsec;
      }
      lastSec = rec.tsSec;
      lastNsec = rec.tsNsec;
    },
    unsupported(rec) {
      if (unsupportedReported.has(rec.interfaceId)) return;
      unsupportedReported.add(rec.interfaceId);
      anomalies.add(
        input,
        'capture.unsupported_linktype',
        rec.frame,
        `interface ${rec.interfaceId}: link type ${rec.linkType}`,
      );
    },
    onInterface: (i) =>
      interfaces.push({
        id: i.id,
        linkType: i.linkType,
        linkName: LINK_NAMES[i.linkType] ?? `link type ${i.linkType}`,
        ...(i.name !== undefined && { name: i.name }),
        snapLen: i.snapLen,
      }),
    onNotice(n) {
      anomalies.add(input, n.id, n.frame, n.detail);
      if (n.fatal || n.id === 'capture.truncated_file') {
        incomplete = true;
        warnings.push(`${name}: ${n.detail}`);
      } else if (SAID_AS_WARNING.has(n.id)) warnings.push(`${name}: ${n.detail}`);
    },
    onStats(s) {
      drops = (drops ?? 0) + (s.ifDrop ?? 0) + (s.osDrop ?? 0);
    },
    lastTime: () => lastSec + lastNsec / 1e9,
    get frames() {
      return frames;
    },
    get first() {
      return frames ? { sec: firstSec, nsec: firstNsec } : undefined;
    },
    get last() {
      return frames ? { sec: lastSec, nsec: lastNsec } : undefined;
    },
    interfaces,
    get incomplete() {
      return incomplete;
    },
    get drops() {
      return drops;
    },
  };
}
