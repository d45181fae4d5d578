import type { ReadResult } from '../capture/open.js';
import type { SequenceFile, Stamp } from '../capture/sequence.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { PROTOCOL_NAMES } from '../codec/ipv4.js';
import { ASSUMED_LINK_MTU } from '../config/defaults.js';
import type {
  DirectionSummary,
  FlowSummary,
  InputSummary,
  LinkMtuSummary,
  Role,
  SequenceFileSummary,
  SoftwireSummary,
} from '../model/report.js';
import type { Flow } from '../track/flows.js';
import { type LearnedMtu, type LinkMtuLearner, tellsLinkMtu } from '../track/link-mtu.js';
import { type DirStats, hopLimitCounts, type Softwire, trafficClassCounts } from '../track/softwires.js';
import type { CaptureCounters } from './counters.js';
import { SIZE_BIN, SIZE_BINS } from './tunnel-input.js';

/** The live trackers' state as the report's plain values: the report itself never sees a tracker. */

export const timeText = (sec: number, nsec: number): string => `${sec}.${String(nsec).padStart(9, '0')}`;
const secondsText = (t: number): string => t.toFixed(6);

/** The non-empty bins of one direction's size histogram. */
export function sizeBins(h: Float64Array, base: number): { from: number; count: number }[] {
  const out: { from: number; count: number }[] = [];
  for (let i = 0; i < SIZE_BINS; i++) if (h[base + i]) out.push({ from: i * SIZE_BIN, count: h[base + i]! });
  return out;
}

const direction = (d: DirStats): DirectionSummary => ({
  packets: d.packets,
  bytes: d.bytes,
  outerFragments: d.outerFragments,
  innerFragments: d.innerFragments,
  maxOuter: d.maxOuter,
  maxInner: d.maxInner,
});

/**
 * A direction's link MTU as the report states it: configured; else the most telling thing the
 * capture showed (a Packet Too Big's MTU exactly, outer fragments and the largest packet as a
 * floor); else the Ethernet 1500 assumed.
 */
export function linkMtuSummary(configured: number | undefined, learned: readonly LearnedMtu[]): LinkMtuSummary {
  if (configured !== undefined) return { value: configured, source: 'configured' };
  // Nothing that tells the link MTU: then the assumed value stands.
  const best = learned.find(tellsLinkMtu);
  if (!best) return { value: ASSUMED_LINK_MTU, source: 'assumed' };
  return {
    value: best.value,
    source: 'learned',
    how: best.how,
    frame: best.frame,
    atLeast: best.how !== 'packet-too-big',
  };
}

export function softwireSummary(input: number, sw: Softwire, seen: { first: number; last: number }): SoftwireSummary {
  return {
    input,
    b4: ip6ToString(sw.b4),
    aftr: ip6ToString(sw.aftr),
    aftrEvidence: sw.evidence,
    firstSeen: secondsText(seen.first),
    lastSeen: secondsText(seen.last),
    firstFrame: sw.firstFrame,
    up: direction(sw.up),
    down: direction(sw.down),
    hopLimits: { up: hopLimitCounts(sw.up), down: hopLimitCounts(sw.down) },
    trafficClasses: { up: trafficClassCounts(sw.up), down: trafficClassCounts(sw.down) },
    telPackets: sw.up.telPackets + sw.down.telPackets,
    flows: sw.flows,
    ...(sw.carriage && { carriage: [...sw.carriage].sort() }),
  };
}

export function flowSummary(input: number, f: Flow): FlowSummary {
  return {
    input,
    b4: ip6ToString(f.softwire.b4),
    aftr: ip6ToString(f.softwire.aftr),
    protocol: PROTOCOL_NAMES[f.protocol] ?? String(f.protocol),
    internal: ip4ToString(f.internal),
    internalPort: f.internalPort,
    remote: ip4ToString(f.remote),
    remotePort: f.remotePort,
    up: { packets: f.upPackets, bytes: f.upBytes },
    down: { packets: f.downPackets, bytes: f.downBytes },
    firstSeen: secondsText(f.firstSeen),
    lastSeen: secondsText(f.lastSeen),
  };
}

/** What one input says about itself; a tunnel capture also its link MTU per direction. */
export function inputSummary(o: {
  name: string;
  role: Role;
  counters: CaptureCounters;
  result: ReadResult;
  mtu?: { learner: LinkMtuLearner; configured: { up: number | undefined; down: number | undefined } };
}): InputSummary {
  const { counters, result, mtu } = o;
  return {
    file: o.name,
    role: o.role,
    format: result.format,
    byteOrder: result.bigEndian ? 'big-endian' : 'little-endian',
    gzip: result.gzip,
    frames: counters.frames,
    bytes: result.bytes,
    interfaces: counters.interfaces,
    firstSeen: counters.first ? timeText(counters.first.sec, counters.first.nsec) : null,
    lastSeen: counters.last ? timeText(counters.last.sec, counters.last.nsec) : null,
    incomplete: counters.incomplete,
    drops: counters.drops,
    ...(mtu && {
      linkMtu: {
        up: linkMtuSummary(mtu.configured.up, mtu.learner.learned('up')),
        down: linkMtuSummary(mtu.configured.down, mtu.learner.learned('down')),
      },
    }),
    ...(result.sequence && { sequence: sequenceSummary(result.sequence) }),
  };
}

const stampText = (t: Stamp | undefined): string | null => (t ? timeText(t.sec, t.nsec) : null);

/** A sequence's files for the report: frame ranges, time spans, and the silence (or overlap) before each. */
export function sequenceSummary(files: readonly SequenceFile[]): SequenceFileSummary[] {
  let lastEnd: Stamp | undefined;
  return files.map((f) => {
    // Whole seconds and nanoseconds apart, so the difference keeps the nanoseconds an epoch double would round.
    const after =
      lastEnd && f.first ? Number((f.first.sec - lastEnd.sec + (f.first.nsec - lastEnd.nsec) / 1e9).toFixed(9)) : null;
    if (f.last) lastEnd = f.last;
    return {
      file: f.file,
      firstFrame: f.firstFrame,
      frames: f.frames,
      firstSeen: stampText(f.first),
      lastSeen: stampText(f.last),
      after,
      incomplete: f.incomplete,
    };
  });
}
