import type { LearnedMtu, LinkMtuView } from './link-mtu.js';
import type { Dissection, Ip4Packet, Ip6Packet, NotDsLite } from '../dissect/types.js';
import type { IcmpHeader } from '../codec/icmp.js';
import type { Softwire } from './softwires.js';
import type { OuterDatagram } from './defrag-ipv6.js';
import type { InnerDatagram } from './defrag-ipv4.js';
import type { NatDown, NatHairpin, NatUndelivered, NatUnmapped, NatUp } from './nat.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import type { CorrelationStats, OtherSide } from './correlate.js';

export type { Direction } from '../model/direction.js';
import type { Direction } from '../model/direction.js';

/**
 * Where and when a frame was seen. `time` is capture time in seconds (never the wall clock).
 * The pipeline reuses one event object per input: events, and the meta in them, are valid
 * only while a handler runs. A rule that keeps anything copies the values it needs.
 */
export interface FrameMeta {
  readonly input: number;
  readonly frame: number;
  readonly time: number;
  readonly capLen: number;
  readonly origLen: number;
  readonly interfaceId: number;
}

/**
 * An IPv4-in-IPv6 frame between a B4 and an AFTR (including outer fragments). Frames that
 * carry a Fragment header are also dispatched as 'outer-fragment' (same fields), so rules
 * about fragments are not called for every packet.
 */
export interface SoftwirePacketEvent {
  readonly type: 'softwire-packet' | 'outer-fragment';
  readonly meta: FrameMeta;
  readonly d: Dissection;
  readonly outer: Ip6Packet;
  /** Undefined for non-first outer fragments and when the inner header did not decode. */
  readonly inner: Ip4Packet | undefined;
  readonly softwire: Softwire;
  readonly dir: Direction;
  /** What this input's capture has shown of each direction's link MTU so far. */
  readonly linkMtu: LinkMtuView;
}

/**
 * An outer fragment set reached a conclusion: reassembled (complete or overlapping), or
 * abandoned (timeout, end of capture, a limit). `reassembled` is the whole tunnel packet.
 */
export interface OuterDatagramEvent {
  readonly type: 'outer-datagram';
  readonly input: number;
  readonly datagram: OuterDatagram;
}

/** An inner IPv4 fragment group inside one softwire reached a conclusion. */
export interface InnerDatagramEvent {
  readonly type: 'inner-datagram';
  readonly input: number;
  readonly datagram: InnerDatagram;
}

/** An ICMPv6 error on the link that quotes a tunnel packet (Packet Too Big, Time Exceeded, …). */
export interface Icmpv6ErrorEvent {
  readonly type: 'icmpv6-error';
  readonly meta: FrameMeta;
  /** The ICMPv6 packet itself. */
  readonly outer: Ip6Packet;
  readonly icmp: IcmpHeader;
  /** The tunnel packet it quotes (cut where the quote ends). */
  readonly quoted: Ip6Packet;
}

/** Emitted once at the end of each input, so rules can conclude. */
export interface InputEndEvent {
  readonly type: 'input-end';
  readonly input: number;
  /** The input's softwires, directions final. */
  readonly softwires: readonly Softwire[];
  /** How many AFTR addresses the user configured. */
  readonly configuredAftrs: number;
  /** Frames the input held, and whether its file was cut short. */
  readonly frames: number;
  readonly incomplete: boolean;
  /** What the capture showed of each direction's link MTU (see link-mtu.ts). */
  readonly linkMtu: Readonly<Record<Direction, readonly LearnedMtu[]>>;
  /** Frames of IPv4 in IPv6 that is not DS-Lite (SRv6, address-embedding 4in6), absent when none. */
  readonly notDsLite?: Readonly<Record<NotDsLite, number>>;
}

/** An IPv4 datagram (reassembled if it came in fragments) seen on the Internet or LAN capture. */
export interface SideDatagramEvent {
  readonly type: 'side-datagram';
  readonly side: OtherSide;
  readonly datagram: Ip4Datagram;
}

/** A tunnel datagram and its counterpart on the other capture (catalogue §11.4: a matched pair). */
export interface PairEvent {
  readonly type: 'pair';
  readonly side: OtherSide;
  readonly dir: Direction;
  readonly tunnel: TunnelDatagram;
  readonly other: Ip4Datagram;
  readonly ambiguous: boolean;
}

/** What a matched pair between the tunnel and the AFTR's Internet side tells about the NAT (catalogue §11.3). */
export interface NatEvent {
  readonly type: 'nat';
  readonly pair: PairEvent;
  readonly nat: NatUp | NatDown;
}

/** An up datagram sent to a binding's external endpoint, and its down copy if one came (catalogue NAT-011). */
export interface NatHairpinEvent {
  readonly type: 'nat-hairpin';
  readonly nat: NatHairpin;
}

/** An up datagram the AFTR did not forward (inside both captures), with its B4's bindings in use (NAT-009). */
export interface NatUnmappedEvent {
  readonly type: 'nat-unmapped';
  readonly nat: NatUnmapped;
}

/** An Internet-side datagram for a binding in use that the AFTR never sent down a softwire (inside both captures). */
export interface NatUndeliveredEvent {
  readonly type: 'nat-undelivered';
  readonly nat: NatUndelivered;
}

/** A datagram for which the other capture showed no counterpart within the window. */
export interface UnpairedEvent {
  readonly type: 'unpaired';
  readonly side: OtherSide;
  readonly origin: 'tunnel' | 'other';
  readonly datagram: Ip4Datagram;
  /** Known for tunnel datagrams; for the other side when learnt state tells (a live mapping, a LAN host). */
  readonly dir: Direction | undefined;
  /** The other capture was running around it: absence means something. */
  readonly inSpan: boolean;
}

/** Correlation with one other capture ended (after the tunnel's input-end). */
export interface CorrelationEndEvent {
  readonly type: 'correlation-end';
  readonly side: OtherSide;
  readonly tunnelInput: number;
  readonly otherInput: number;
  /** Packets each capture says it dropped (pcapng statistics), null when unknown. */
  readonly drops: { readonly tunnel: number | null; readonly other: number | null };
  readonly stats: CorrelationStats;
}

export type PipelineEvent =
  | SoftwirePacketEvent
  | OuterDatagramEvent
  | InnerDatagramEvent
  | Icmpv6ErrorEvent
  | InputEndEvent
  | SideDatagramEvent
  | PairEvent
  | NatEvent
  | NatUndeliveredEvent
  | NatHairpinEvent
  | NatUnmappedEvent
  | UnpairedEvent
  | CorrelationEndEvent;
export type OuterFragmentEvent = SoftwirePacketEvent & { readonly type: 'outer-fragment' };

/** Event type → the event a handler of that type receives. */
export interface EventMap {
  'softwire-packet': SoftwirePacketEvent;
  'outer-fragment': OuterFragmentEvent;
  'outer-datagram': OuterDatagramEvent;
  'inner-datagram': InnerDatagramEvent;
  'icmpv6-error': Icmpv6ErrorEvent;
  'input-end': InputEndEvent;
  'side-datagram': SideDatagramEvent;
  pair: PairEvent;
  nat: NatEvent;
  'nat-undelivered': NatUndeliveredEvent;
  'nat-hairpin': NatHairpinEvent;
  'nat-unmapped': NatUnmappedEvent;
  unpaired: UnpairedEvent;
  'correlation-end': CorrelationEndEvent;
}
export type EventType = keyof EventMap;

/**
 * Where the stages hand what they conclude: the rule engine, or a listener that stands in for
 * it (the capture diff's). Per-packet callers fetch a type's handlers once and `enter` each
 * event before calling them; everything else is dispatched.
 */
export interface EventSink {
  dispatch(e: PipelineEvent, to?: Audience): void;
  handlers<K extends EventType>(type: K, to?: Audience): readonly ((e: EventMap[K]) => void)[];
  /** `counted` false: an event about another shard's softwire (see Audience), not counted as judged here. */
  enter(e: SoftwirePacketEvent, counted?: boolean): void;
}

/**
 * Which rules an event goes to: all of them (the default); only those that judge each softwire
 * on its own; only those that weigh a capture's softwires together. A shard (pipeline/shard.ts)
 * hands its own softwires' events to all, and the first shard also hands every other
 * softwire's to the capture-wide rules, which only it runs.
 */
export type Audience = 'all' | 'softwire' | 'capture';
