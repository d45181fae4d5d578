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
import type { OuterFragmentEvent, SoftwirePacketEvent } from '../track/events.js';
import { createFlowTracker, type FlowTracker } from '../track/flows.js';
import { createLinkMtuLearner, type LinkMtuLearner } from '../track/link-mtu.js';
import type { TunnelDatagram } from '../track/ip4-datagram.js';
import { createSoftwireTracker, pairDir, pairSlot, type Softwire, type SoftwireTracker } from '../track/softwires.js';
import { type CaptureCounters, createCaptureCounters, type StageOptions } from './counters.js';

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
  const flowTracker = createFlowTracker({
    maxFlows: o.maxFlows,
    top: o.top,
    softwireAt: (slot) => tracker.atSlot(slot),
  });
  const counters = createCaptureCounters(input, o.name, anomalies, o.warnings);
  const sizes = new Float64Array(2 * SIZE_BINS);
  const linkMtu = createLinkMtuLearner();
  const emit = o.onDatagram;
  const trackFlows = o.trackFlows ?? true;
  const digest = o.digests ?? true;
  const onSoftwirePacket = sink.handlers('softwire-packet');
  const onOuterFragment = sink.handlers('outer-fragment');
  const inner = createInnerDefrag(
    o.limits,
    o.overlap,
    (datagram) => {
      sink.dispatch({ type: 'inner-datagram', input, datagram });
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
    (id, frame) => anomalies.add(input, id, frame),
  );
  const outer = createOuterDefrag(
    o.limits,
    (datagram) => {
      sink.dispatch({ type: 'outer-datagram', input, datagram });
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
    (id, frame) => anomalies.add(input, id, frame),
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
    if (d.anomalies.length) for (const a of d.anomalies) anomalies.add(input, a, rec.frame);
    if (category === 'unsupported') counters.unsupported(rec);
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
        if (o.onSoftwirePacket) o.onSoftwirePacket(rec.frame, p);
        tracker.account(code, p, now, rec.frame);
        if (d.carriers.length) noteCarriage(sw, describeCarriage(d.carriers, dir === 'up'));
        linkMtu.packet(dir, p, rec.frame);
        sizes[
          (dir === 'up' ? 0 : SIZE_BINS) + Math.min(SIZE_BINS - 1, ((p.hdr.payloadLength + IPV6_LENGTH) / SIZE_BIN) | 0)
        ]! += 1;
        // Atomic fragments (offset 0, M = 0) are processed in isolation (RFC 6946 §4).
        const f = p.frag;
        const outerFragment = f !== undefined && (f.offset !== 0 || f.more);
        const pi = p.inner;
        if (outerFragment) outer.add(rec.data, p, sw, dir, rec.frame, now);
        else if (pi && (pi.hdr.mf || pi.hdr.fragOffset > 0)) inner.add(rec.data, pi, sw, dir, [rec.frame], false, now);
        else if (pi && emit)
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
        if (pi && trackFlows) flowTracker.account(sw, dir, pi, now);
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
        sink.enter(event);
        for (let i = 0; i < onSoftwirePacket.length; i++) onSoftwirePacket[i]!(event);
        if (f) {
          event.type = 'outer-fragment';
          sink.enter(event);
          for (let i = 0; i < onOuterFragment.length; i++) onOuterFragment[i]!(event as OuterFragmentEvent);
          event.type = 'softwire-packet';
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
      if (p.l4.hdr.type === ICMP6_PACKET_TOO_BIG) {
        const code = tracker.lookup(q);
        if (code >= 0) linkMtu.tooBig(pairDir(code), p.l4.hdr.rest >>> 0, rec.frame);
      }
      if (q.upper === NH_IPV4 || q.frag)
        sink.dispatch({
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
        });
    } else if (category === 'srv6' || category === 'address-4in6') notDsLite[category]++;
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
      sink.dispatch({
        type: 'input-end',
        input,
        softwires: tracker.all(),
        configuredAftrs: o.configured.size,
        frames: counters.frames,
        incomplete: counters.incomplete,
        linkMtu: { up: linkMtu.learned('up'), down: linkMtu.learned('down') },
        ...(notDsLite.srv6 + notDsLite['address-4in6'] > 0 && { notDsLite }),
      });
    },
    tracker,
    flows: flowTracker,
    counters,
    linkMtu,
    sizes,
  };
}
