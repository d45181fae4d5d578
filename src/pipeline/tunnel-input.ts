import type { CaptureInterface, CaptureRecord, InterfaceStats, Mutable, ReaderNotice } from '../capture/types.js';
import type { Ip6Key, Ip6Prefix } from '../codec/addr.js';
import { ICMP6_ERRORS, ICMP6_PACKET_TOO_BIG } from '../codec/icmp.js';
import { IPV6_LENGTH, NH_IPV4 } from '../codec/ipv6.js';
import { dissect } from '../dissect/dissect.js';
import { describeCarriage } from '../dissect/carriage.js';
import type { Ip6Packet } from '../dissect/types.js';
import { groupDatagram, outerBoundaries, wholeDatagram } from '../track/datagram-builders.js';
import { createOuterDefrag } from '../track/defrag-ipv6.js';
import { createInnerDefrag } from '../track/defrag-ipv4.js';
import type { Audience, InputEndEvent, OuterFragmentEvent, SoftwirePacketEvent } from '../track/events.js';
import { createFlowTracker, type FlowTracker } from '../track/flows.js';
import { createLinkMtuLearner, type LinkMtuLearner } from '../track/link-mtu.js';
import type { TunnelDatagram } from '../track/ip4-datagram.js';
import { createSoftwireTracker, pairDir, pairSlot, type Softwire, type SoftwireTracker } from '../track/softwires.js';
import { type CaptureCounters, createCaptureCounters, type StageOptions } from './counters.js';
import { shardOfPair } from './shard.js';
import { type ShardSpec, WHOLE } from '../config/shard.js';
import { type AnomalyLog } from '../track/anomaly-log.js';

export interface TunnelInputOptions extends StageOptions {
  readonly configured: ReadonlySet<Ip6Key>;
  /** Where the B4s are, when configured. */
  readonly b4Prefixes?: readonly Ip6Prefix[];
  /** Softwires held at once (memory bound). */
  readonly maxSoftwires?: number;
  readonly maxFlows: number;
  readonly top: number;
  /** Track inner flows (the report's flow table); the capture diff does without. */
  readonly trackFlows?: boolean;
  /** Compute each datagram's payload digest for the correlation (default true). */
  readonly digests?: boolean;
  /**
   * Receives every whole inner datagram (after any reassembly) when a correlation needs them,
   * with its data (after the IPv4 header) at `data[start, end)`, valid during the call only
   * (undefined when the capture cut it).
   */
  readonly onDatagram?: (d: TunnelDatagram, data: Buffer | undefined, start: number, end: number) => void;
  /** Sees every softwire packet (whole or outer fragment) before it is tracked: the capture diff's per-frame view. */
  readonly onSoftwirePacket?: (frame: number, p: Ip6Packet) => void;
  /** The share of softwires analysed here (default: all of them); see shard.ts. */
  readonly shard?: ShardSpec;
}

export interface TunnelInput {
  onRecord(rec: CaptureRecord): void;
  onInterface(i: CaptureInterface): void;
  onNotice(n: ReaderNotice): void;
  onStats(s: InterfaceStats): void;
  /** Concludes reassembly and the softwires; dispatches 'input-end'. */
  finish(): void;
  readonly tracker: SoftwireTracker;
  readonly flows: FlowTracker;
  readonly counters: CaptureCounters;
  /** What the capture showed of each direction's link MTU. */
  readonly linkMtu: LinkMtuLearner;
  /** Outer packet sizes on the wire (IPv6 header + payload), up then down, in SIZE_BIN-byte bins; the last bin holds the rest. */
  readonly sizes: Float64Array;
  /** Whether a softwire is this shard's (always, without --shard). */
  readonly owns: (sw: Softwire) => boolean;
}

/** Bin width and count of the outer-size histogram: 16-byte bins to 9216 (jumbo frames), then one for larger. */
export const SIZE_BIN = 16;
export const SIZE_BINS = 9216 / SIZE_BIN + 1;

/** Carriages kept per softwire: a softwire moved between many tunnels says so in its first few. */
const MAX_CARRIAGES = 4;

function noteCarriage(sw: Softwire, c: string): void {
  const list = (sw.carriage ??= []);
  if (list.length < MAX_CARRIAGES && !list.includes(c)) list.push(c);
}

/** The tunnel capture's stages: dissect → softwires, flows, outer and inner reassembly → rules. */
export function createTunnelInput(o: TunnelInputOptions): TunnelInput {
  const { input, sink, anomalies, categoryCounts, categoryIndex } = o;
  const tracker = createSoftwireTracker(o.configured, o.b4Prefixes, o.maxSoftwires);
  const shard = o.shard ?? WHOLE;
  const owns = ownership(shard);
  // What the capture says of itself (cut files, link types) is reported once, by the first shard.
  const captureAnomalies: AnomalyLog = shard.index === 0 ? anomalies : { ...anomalies, add() {} };
  const captureWarnings: string[] = shard.index === 0 ? o.warnings : [];
  const flowTracker = createFlowTracker({
    maxFlows: o.maxFlows,
    top: o.top,
    softwireAt: (slot) => tracker.atSlot(slot),
  });
  const counters = createCaptureCounters(input, o.name, captureAnomalies, captureWarnings);
  const sizes = new Float64Array(2 * SIZE_BINS);
  const linkMtu = createLinkMtuLearner();
  const emit = o.onDatagram;
  const trackFlows = o.trackFlows ?? true;
  const digest = o.digests ?? true;
  const onSoftwirePacket = sink.handlers('softwire-packet');
  const onOuterFragment = sink.handlers('outer-fragment');
  // The first of several shards also hands other shards' softwires to the capture-wide rules (events.ts, Audience).
  const feedsOthers = shard.index === 0 && shard.count > 1;
  const othersPacket = sink.handlers('softwire-packet', 'capture');
  const othersFragment = sink.handlers('outer-fragment', 'capture');
  const audience = (sw: Softwire): Audience => (owns(sw) ? 'all' : 'capture');
  /** Whether the frame being read is this shard's: the anomalies reassembly reports while adding it are then its own. */
  let frameMine = true;
  const inner = createInnerDefrag(
    o.limits,
    o.overlap,
    (datagram) => {
      sink.dispatch({ type: 'inner-datagram', input, datagram }, audience(datagram.softwire));
      if (emit && (datagram.status === 'complete' || datagram.status === 'overlap')) {
        const d = groupDatagram('tunnel', input, datagram, {
          softwire: datagram.softwire,
          dir: datagram.dir,
          outerBoundaries: undefined,
          inner: datagram,
          outerOverlap: false,
          outerTrafficClass: -1,
          digest,
        });
        if (d) emit(d, datagram.payload, 0, datagram.payload?.length ?? 0);
      }
    },
    (id, frame) => {
      if (frameMine) anomalies.add(input, id, frame);
    },
  );
  const outer = createOuterDefrag(
    o.limits,
    (datagram) => {
      sink.dispatch({ type: 'outer-datagram', input, datagram }, audience(datagram.softwire));
      const re = datagram.reassembled?.net;
      if (!datagram.data || re?.kind !== 'ip6' || !re.inner) return;
      // An inner fragment that travelled outer-fragmented joins its group once the outer set is whole.
      if (re.inner.hdr.mf || re.inner.hdr.fragOffset > 0)
        inner.add(datagram.data, re.inner, datagram.softwire, datagram.dir, datagram.set.frames, true, datagram.time);
      else if (emit) {
        const c = {
          softwire: datagram.softwire,
          dir: datagram.dir,
          outerBoundaries: outerBoundaries(datagram, re.inner),
          inner: undefined,
          outerOverlap: datagram.status === 'overlap',
          outerTrafficClass: re.hdr.trafficClass,
          digest,
        };
        const start = re.inner.offset + re.inner.hdr.ihl * 4;
        emit(
          wholeDatagram(
            'tunnel',
            input,
            datagram.data,
            datagram.data.length,
            re.inner,
            datagram.set.frames,
            datagram.time,
            c,
          ),
          datagram.data,
          start,
          Math.min(datagram.data.length, re.inner.offset + re.inner.hdr.totalLength),
        );
      }
    },
    (id, frame) => {
      if (frameMine) anomalies.add(input, id, frame);
    },
  );
  let nextTick = 0;
  const notDsLite = { srv6: 0, 'address-4in6': 0 };
  // One mutable event per input (see events.ts): no allocation per softwire packet.
  const meta = { input, frame: 0, time: 0, capLen: 0, origLen: 0, interfaceId: 0 };
  const event: Mutable<SoftwirePacketEvent> = {
    type: 'softwire-packet',
    meta,
    d: undefined!,
    outer: undefined!,
    inner: undefined,
    softwire: undefined!,
    dir: 'up',
    linkMtu,
  };

  const onRecord = (rec: CaptureRecord): void => {
    const now = rec.tsSec + rec.tsNsec / 1e9;
    if (now >= nextTick) {
      outer.tick(now);
      inner.tick(now);
      nextTick = now + 1;
    }
    counters.frame(rec);
    const d = dissect(rec);
    let category = d.category;
    if (category === 'unsupported') counters.unsupported(rec);
    // Frames no softwire owns belong to the first shard.
    let mine = shard.index === 0;
    const p = d.net;
    if (
      p?.kind === 'ip6' &&
      (category === 'softwire' || category === 'softwire-fragment' || category === 'ipv6-fragment')
    ) {
      const code = category === 'ipv6-fragment' ? tracker.lookup(p) : tracker.classify(p, now, rec.frame);
      if (code >= 0) {
        if (category === 'ipv6-fragment') category = 'softwire-fragment';
        const sw = tracker.atSlot(pairSlot(code))!;
        const dir = pairDir(code);
        // Every shard keeps the softwire table and the link MTU from all frames: both decide verdicts about every softwire.
        tracker.account(code, p, now, rec.frame);
        linkMtu.packet(dir, p, rec.frame);
        mine = owns(sw);
        // The rest only for this shard's softwires (and, in the first, for the capture-wide rules).
        if (mine || feedsOthers) {
          frameMine = mine;
          if (mine) {
            if (o.onSoftwirePacket) o.onSoftwirePacket(rec.frame, p);
            if (d.carriers.length) noteCarriage(sw, describeCarriage(d.carriers, dir === 'up'));
            sizes[
              (dir === 'up' ? 0 : SIZE_BINS) +
                Math.min(SIZE_BINS - 1, ((p.hdr.payloadLength + IPV6_LENGTH) / SIZE_BIN) | 0)
            ]! += 1;
          }
          // Atomic fragments (offset 0, M = 0) are processed in isolation (RFC 6946 §4).
          const f = p.frag;
          const outerFragment = f !== undefined && (f.offset !== 0 || f.more);
          const pi = p.inner;
          if (outerFragment) outer.add(rec.data, p, sw, dir, rec.frame, now);
          else if (pi && (pi.hdr.mf || pi.hdr.fragOffset > 0))
            inner.add(rec.data, pi, sw, dir, [rec.frame], false, now);
          else if (pi && emit && mine)
            emit(
              wholeDatagram('tunnel', input, rec.data, p.end, pi, [rec.frame], now, {
                softwire: sw,
                dir,
                outerBoundaries: undefined,
                inner: undefined,
                outerOverlap: false,
                outerTrafficClass: p.hdr.trafficClass,
                digest,
              }),
              rec.data,
              pi.offset + pi.hdr.ihl * 4,
              Math.min(p.end, pi.offset + pi.hdr.totalLength),
            );
          if (pi && trackFlows && mine) flowTracker.account(sw, dir, pi, now);
          meta.frame = rec.frame;
          meta.time = now;
          meta.capLen = rec.capLen;
          meta.origLen = rec.origLen;
          meta.interfaceId = rec.interfaceId;
          event.d = d;
          event.outer = p;
          event.inner = pi;
          event.softwire = sw;
          event.dir = dir;
          const packetHandlers = mine ? onSoftwirePacket : othersPacket;
          sink.enter(event, mine);
          for (let i = 0; i < packetHandlers.length; i++) packetHandlers[i]!(event);
          if (f) {
            const fragmentHandlers = mine ? onOuterFragment : othersFragment;
            event.type = 'outer-fragment';
            sink.enter(event, mine);
            for (let i = 0; i < fragmentHandlers.length; i++) fragmentHandlers[i]!(event as OuterFragmentEvent);
            event.type = 'softwire-packet';
          }
          frameMine = true;
        }
      }
    }
    if (
      category === 'icmpv6' &&
      p?.kind === 'ip6' &&
      p.l4?.kind === 'icmpv6' &&
      p.l4.quoted &&
      ICMP6_ERRORS.has(p.l4.hdr.type)
    ) {
      const q = p.l4.quoted;
      const code = tracker.lookup(q);
      if (code >= 0) mine = owns(tracker.atSlot(pairSlot(code))!);
      if (code >= 0 && p.l4.hdr.type === ICMP6_PACKET_TOO_BIG)
        linkMtu.tooBig(pairDir(code), p.l4.hdr.rest >>> 0, rec.frame);
      if ((mine || feedsOthers) && (q.upper === NH_IPV4 || q.frag))
        sink.dispatch(
          {
            type: 'icmpv6-error',
            meta: {
              input,
              frame: rec.frame,
              time: now,
              capLen: rec.capLen,
              origLen: rec.origLen,
              interfaceId: rec.interfaceId,
            },
            outer: p,
            icmp: p.l4.hdr,
            quoted: q,
          },
          mine ? 'all' : 'capture',
        );
    } else if (category === 'srv6' || category === 'address-4in6') notDsLite[category]++;
    if (!mine) return;
    if (d.anomalies.length) for (const a of d.anomalies) anomalies.add(input, a, rec.frame);
    categoryCounts[categoryIndex.get(category)!]! += 1;
  };

  return {
    onRecord,
    onInterface: counters.onInterface,
    onNotice: counters.onNotice,
    onStats: counters.onStats,
    finish() {
      const end = counters.lastTime();
      outer.finish(end);
      inner.finish(end);
      tracker.finish();
      const ended: InputEndEvent = {
        type: 'input-end',
        input,
        softwires: tracker.all(),
        configuredAftrs: o.configured.size,
        frames: counters.frames,
        incomplete: counters.incomplete,
        linkMtu: { up: linkMtu.learned('up'), down: linkMtu.learned('down') },
        ...(notDsLite.srv6 + notDsLite['address-4in6'] > 0 && { notDsLite }),
      };
      if (shard.count === 1) sink.dispatch(ended);
      else {
        // Each shard's rules judge its own softwires; the capture-wide ones, in the first, all of them.
        sink.dispatch({ ...ended, softwires: ended.softwires.filter(owns) }, 'softwire');
        if (feedsOthers) sink.dispatch(ended, 'capture');
      }
    },
    tracker,
    flows: flowTracker,
    counters,
    linkMtu,
    sizes,
    owns,
  };
}

/** Whether a softwire is this shard's, remembered per tracker slot (a slot is reused once its softwire is evicted). */
function ownership(shard: ShardSpec): (sw: Softwire) => boolean {
  if (shard.count === 1) return () => true;
  const of: (Softwire | undefined)[] = [];
  const mine: boolean[] = [];
  return (sw) => {
    if (of[sw.slot] !== sw) {
      of[sw.slot] = sw;
      mine[sw.slot] = shardOfPair(sw.b4, sw.aftr, shard.count) === shard.index;
    }
    return mine[sw.slot]!;
  };
}
