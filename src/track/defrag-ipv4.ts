import type { Ip4Packet } from '../dissect/types.js';
import type { DefragLimits } from './defrag-ipv6.js';
import type { Direction } from '../model/direction.js';
import { assemble, type FragmentSet } from './reassembly.js';
import { createKeyedSets, type SetStatus } from './keyed-sets.js';
import type { Softwire } from './softwires.js';

/** Which bytes stand where inner fragments overlap (RFC 791 leaves it open); overlaps are always reported. */
export type OverlapPolicy = 'first' | 'last';

/** How one inner fragment travelled: the facts FRAG-002/003/015 weigh. */
export interface InnerPieceInfo {
  readonly frames: readonly number[];
  readonly totalLength: number;
  readonly offset: number;
  readonly df: boolean;
  readonly more: boolean;
  /** Its tunnel packet was itself outer-fragmented. */
  readonly outerFragmented: boolean;
}

export type InnerStatus = SetStatus;

/**
 * An IPv4 fragment group (RFC 791 key: source, destination, protocol, Identification) within
 * one scope: a softwire and direction inside the tunnel, or a whole capture off the tunnel
 * (the AFTR's Internet side, the B4's LAN side), where the direction is not known.
 */
export interface InnerDatagram<S extends Scope = Softwire, D = Direction> {
  readonly status: InnerStatus;
  readonly softwire: S;
  readonly dir: D;
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly ihl: number;
  readonly set: FragmentSet;
  readonly pieces: readonly InnerPieceInfo[];
  readonly time: number;
  /** The first-offset fragment arrived after a later one (RFC 4787 REQ-14). */
  readonly outOfOrder: boolean;
  /** Header fields of the offset-0 fragment (DF and TTL as it carried them). */
  readonly first: { readonly df: boolean; readonly ttl: number; readonly tos: number } | undefined;
  /** Reassembled payload (after the IPv4 header), when every byte was captured. */
  readonly payload?: Buffer;
}

/** What keys a group besides the RFC 791 fields: `id` tells scopes apart. */
export interface Scope {
  readonly id: number;
}

export interface InnerDefrag<S extends Scope = Softwire, D = Direction> {
  /** `buf` holds the packet `p`; `frames` are the frames that carried it (several after outer reassembly). */
  add(
    buf: Buffer,
    p: Ip4Packet,
    sw: S,
    dir: D,
    frames: readonly number[],
    outerFragmented: boolean,
    time: number,
  ): void;
  tick(time: number): void;
  finish(time: number): void;
}

/** What a group keeps besides its pieces (the keyed sets hold those); addresses, protocol and ID are its key. */
interface Pending<S, D> {
  slot: number;
  readonly pieces: InnerPieceInfo[];
  readonly softwire: S;
  readonly dir: D;
  ihl: number;
  outOfOrder: boolean;
  /** A piece with a non-zero offset came (before any offset-0 one, if `first` is unset). */
  later: boolean;
  first: { readonly df: boolean; readonly ttl: number; readonly tos: number } | undefined;
}

export function createInnerDefrag<S extends Scope = Softwire, D = Direction>(
  limits: DefragLimits,
  policy: OverlapPolicy,
  onDatagram: (d: InnerDatagram<S, D>) => void,
  onAnomaly: (id: string, frame: number) => void,
): InnerDefrag<S, D> {
  const sets = createKeyedSets<Pending<S, D>>(
    'ipv4',
    4,
    limits,
    (pd, set, status, time) => {
      // The closing group's key (see add): source, destination, protocol and Identification.
      const k = sets.key;
      const payload = status === 'complete' || status === 'overlap' ? assemble(set, policy) : undefined;
      onDatagram({
        status,
        softwire: pd.softwire,
        dir: pd.dir,
        src: k[1]!,
        dst: k[2]!,
        protocol: k[3]! >>> 16,
        id: k[3]! & 0xffff,
        ihl: pd.ihl,
        set,
        pieces: pd.pieces,
        time,
        outOfOrder: pd.outOfOrder,
        first: pd.first,
        ...(payload && { payload }),
      });
    },
    onAnomaly,
  );

  function add(
    buf: Buffer,
    p: Ip4Packet,
    sw: S,
    dir: D,
    frames: readonly number[],
    outerFragmented: boolean,
    time: number,
  ): void {
    const h = p.hdr;
    const key = sets.key;
    key[0] = sw.id;
    key[1] = h.src;
    key[2] = h.dst;
    key[3] = (h.protocol << 16) | h.id;
    const frame = frames[0] ?? 0;
    const pd =
      sets.get() ??
      sets.open(
        { slot: -1, pieces: [], softwire: sw, dir, ihl: h.ihl, outOfOrder: false, later: false, first: undefined },
        frame,
        time,
      );
    const hl = h.ihl * 4;
    const length = Math.max(0, h.totalLength - hl);
    const start = p.offset + hl;
    const result = sets.add(
      pd,
      h.fragOffset * 8,
      length,
      h.mf,
      frame,
      buf,
      start,
      Math.max(start, Math.min(buf.length, start + length)),
      time,
    );
    if (result === 'overlap') onAnomaly('ipv4.frag.overlap', frame);
    if (result !== 'duplicate')
      pd.pieces.push({
        frames,
        totalLength: h.totalLength,
        offset: h.fragOffset * 8,
        df: h.df,
        more: h.mf,
        outerFragmented,
      });
    if (h.fragOffset === 0) {
      pd.ihl = h.ihl;
      if (!pd.first) {
        pd.first = { df: h.df, ttl: h.ttl, tos: h.tos };
        pd.outOfOrder = pd.later;
      }
    } else if (result !== 'duplicate') pd.later = true;
    sets.settle(pd, frame, time);
  }

  return { add, tick: sets.tick, finish: sets.finish };
}
