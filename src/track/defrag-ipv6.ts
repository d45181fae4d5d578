import { dissect } from '../dissect/dissect.js';
import type { Dissection, Ip6Packet } from '../dissect/types.js';
import type { Direction } from '../model/direction.js';
import { assemble, type FragmentSet } from './reassembly.js';
import { createKeyedSets, type DefragLimits, type SetStatus } from './keyed-sets.js';
import type { Softwire } from './softwires.js';
import { createRecentSets } from './recent-sets.js';
import { encodeIpv6, IPV6_LENGTH, IPV6_NEXT_HEADER_OFFSET, type Ipv6Header } from '../codec/ipv6.js';
import { extLengthAt } from '../codec/ipv6-ext.js';
import { DEFAULT_TABLES, FRAGMENT_SET_LIMITS } from '../config/defaults.js';

export type { DefragLimits } from './keyed-sets.js';

/** The limits at the default memory budget (config/defaults.ts). */
export const DEFAULT_LIMITS: DefragLimits = {
  maxFragmentSets: DEFAULT_TABLES.maxFragmentSets,
  maxFragmentBytes: DEFAULT_TABLES.maxFragmentBytes,
  ...FRAGMENT_SET_LIMITS,
};

export type OuterStatus = SetStatus;

/** What the outer reassembly concluded about one (source, destination, Identification) set. */
export interface OuterDatagram {
  readonly status: OuterStatus;
  readonly id: number;
  readonly softwire: Softwire;
  readonly dir: Direction;
  readonly set: FragmentSet;
  /** When the status was decided (capture time). */
  readonly time: number;
  /** The reassembled tunnel packet, dissected as raw IPv6; present for complete sets whose bytes were all captured. */
  readonly reassembled?: Dissection;
  /** The bytes `reassembled` was dissected from. */
  readonly data?: Buffer;
  /** Content hash of the reassembled payload (FNV-1a), for Identification reuse checks. */
  readonly hash?: number;
  /** A set with the same (source, destination, Identification) completed within the timeout before. */
  readonly previous?: { readonly time: number; readonly hash: number | undefined; readonly frames: readonly number[] };
}

export interface OuterDefrag {
  /** Feeds one outer fragment (not atomic: offset 0 with M = 0 is handled in isolation, RFC 6946). */
  /** Returns 'duplicate' for a late copy of a fragment of a set already completed. */
  add(buf: Buffer, p: Ip6Packet, sw: Softwire, dir: Direction, frame: number, time: number): 'added' | 'duplicate';
  /** Expires sets older than the timeout at capture time `time`. */
  tick(time: number): void;
  /** Ends the input: every set still open is reported. */
  finish(time: number): void;
  readonly inFlight: number;
  readonly bytesHeld: number;
}

/** What a set keeps besides its pieces (the keyed sets hold those): one object, no other per set. */
interface Pending {
  slot: number;
  readonly previous:
    { readonly time: number; readonly hash: number | undefined; readonly frames: readonly number[] } | undefined;
  readonly id: number;
  readonly softwire: Softwire;
  readonly dir: Direction;
  /** IPv6 header and unfragmentable extension headers of the offset-0 fragment, next header patched (when it has such extension headers). */
  header: Buffer | undefined;
  /**
   * Or, when the Fragment header follows the IPv6 header directly (the usual case), that
   * fragment's traffic class, flow label and hop limit and the Fragment header's next header
   * (-1: no offset-0 fragment yet): the header is written again at reassembly from them and
   * the set's key, and nothing is copied or kept per set for it but four small integers.
   */
  firstNh: number;
  firstTc: number;
  firstFlow: number;
  firstHop: number;
}

/**
 * FNV-1a over the length and at most the first 96 bytes: enough to tell two different
 * packets apart (their inner headers and first payload bytes differ) at a fraction of the
 * cost of hashing every byte of every fragment.
 */
function fnv1a(b: Buffer, from = 0, to = b.length): number {
  let h = Math.imul(0x811c9dc5 ^ (to - from), 0x01000193);
  const n = Math.min(to, from + 96);
  for (let i = from; i < n; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** The unfragmentable part of the offset-0 fragment, with the Fragment header cut out. */
function headerOf(buf: Buffer, p: Ip6Packet): Buffer {
  const unfrag = Buffer.allocUnsafe(p.fragOffset - p.offset);
  buf.copy(unfrag, 0, p.offset, p.fragOffset);
  const fragNh = p.frag!.nextHeader;
  if (p.fragOffset === p.offset + IPV6_LENGTH) unfrag[IPV6_NEXT_HEADER_OFFSET] = fragNh;
  else {
    // The last unfragmentable extension header points at the Fragment header: repoint it.
    let o = IPV6_LENGTH;
    let nh = unfrag[IPV6_NEXT_HEADER_OFFSET]!;
    while (o < unfrag.length) {
      const len = extLengthAt(nh, unfrag, o, unfrag.length);
      if (typeof len !== 'number' || o + len >= unfrag.length) {
        unfrag[o] = fragNh;
        break;
      }
      nh = unfrag[o]!;
      o += len;
    }
  }
  return unfrag;
}

/** (source, destination, Identification) as nine integers: the set's key, no string per fragment. */
function setKey(k: Int32Array, h: Ipv6Header, id: number): void {
  k[0] = h.s0;
  k[1] = h.s1;
  k[2] = h.s2;
  k[3] = h.s3;
  k[4] = h.d0;
  k[5] = h.d1;
  k[6] = h.d2;
  k[7] = h.d3;
  k[8] = id;
}

export function createOuterDefrag(
  limits: DefragLimits,
  onDatagram: (d: OuterDatagram) => void,
  onAnomaly: (id: string, frame: number) => void,
): OuterDefrag {
  /** Sets completed within the timeout (FRAG-010, late duplicates), bounded like the open ones. */
  const recent = createRecentSets(limits.maxFragmentSets);
  const recentKey = (h: Ipv6Header, id: number): void => setKey(recent.key, h, id);

  function close(pd: Pending, set: FragmentSet, status: OuterStatus, time: number): void {
    let reassembled: Dissection | undefined;
    let data: Buffer | undefined;
    let hash: number | undefined;
    // Header and pieces in one buffer (first arrival wins where pieces overlap).
    const hl = pd.header ? pd.header.length : pd.firstNh >= 0 ? IPV6_LENGTH : 0;
    const whole = (status === 'complete' || status === 'overlap') && hl > 0 ? assemble(set, 'first', hl) : undefined;
    if (whole) {
      if (pd.header) pd.header.copy(whole, 0);
      else {
        // The set's key (held by the keyed sets while closing) gives the addresses.
        const k = sets.key;
        encodeIpv6(
          {
            trafficClass: pd.firstTc,
            flowLabel: pd.firstFlow,
            payloadLength: 0,
            nextHeader: pd.firstNh,
            hopLimit: pd.firstHop,
            s0: k[0]!,
            s1: k[1]!,
            s2: k[2]!,
            s3: k[3]!,
            d0: k[4]!,
            d1: k[5]!,
            d2: k[6]!,
            d3: k[7]!,
          },
          whole,
          0,
        );
      }
      whole.writeUInt16BE(Math.min(0xffff, whole.length - 40), 4);
      reassembled = dissect({ linkType: 229, data: whole, offset: 0, capLen: whole.length, origLen: whole.length });
      data = whole;
      hash = fnv1a(whole, hl);
    }
    if (status === 'complete' || status === 'overlap') {
      // The set's own key (the keyed sets hold it while closing): no header kept per set for it.
      recent.key.set(sets.key);
      recent.remember(
        time,
        hash,
        set.frames,
        set.pieces.map((x) => ({ offset: x.offset, length: x.length, hash: fnv1a(x.data) })),
      );
    }
    onDatagram({
      status,
      id: pd.id,
      softwire: pd.softwire,
      dir: pd.dir,
      set,
      time,
      // Absent fields as undefined, not conditional spreads: each spread is a runtime call, and a flood closes a set per packet.
      reassembled,
      data,
      hash,
      previous: pd.previous,
    });
  }
  const sets = createKeyedSets<Pending>('ipv6', 9, limits, close, onAnomaly);

  function add(
    buf: Buffer,
    p: Ip6Packet,
    sw: Softwire,
    dir: Direction,
    frame: number,
    time: number,
  ): 'added' | 'duplicate' {
    const f = p.frag!;
    const h = p.hdr;
    setKey(sets.key, h, f.id);
    // Fragment data length from header fields (exact even when the snap length cut the bytes).
    const length = p.offset + 40 + h.payloadLength - p.fragDataOffset;
    const from = p.fragDataOffset;
    const dataEnd = Math.max(from, Math.min(p.end, from + Math.max(0, length)));
    let pd = sets.get();
    if (!pd) {
      recentKey(h, f.id);
      const slot = recent.find();
      const fresh = slot >= 0 && time - recent.time(slot) <= limits.timeoutSeconds;
      if (fresh && recent.hasPiece(slot, f.offset * 8, Math.max(0, length), fnv1a(buf, from, dataEnd)))
        return 'duplicate';
      const previous = fresh
        ? { time: recent.time(slot), hash: recent.hash(slot), frames: recent.frames(slot) }
        : undefined;
      pd = sets.open(
        {
          slot: -1,
          id: f.id,
          softwire: sw,
          dir,
          previous,
          header: undefined,
          firstNh: -1,
          firstTc: 0,
          firstFlow: 0,
          firstHop: 0,
        },
        frame,
        time,
      );
    }
    // The first offset-0 fragment's header, noted before the piece can complete the set.
    if (f.offset === 0 && !pd.header && pd.firstNh < 0) {
      if (p.fragOffset === p.offset + IPV6_LENGTH) {
        pd.firstNh = f.nextHeader;
        pd.firstTc = h.trafficClass;
        pd.firstFlow = h.flowLabel;
        pd.firstHop = h.hopLimit;
      } else pd.header = headerOf(buf, p);
    }
    sets.add(pd, f.offset * 8, Math.max(0, length), f.more, frame, buf, from, dataEnd, time);
    sets.settle(pd, frame, time);
    return 'added';
  }

  return {
    add,
    tick(time) {
      recent.expire(time, limits.timeoutSeconds);
      sets.tick(time);
    },
    finish(time) {
      recent.expire(time, limits.timeoutSeconds);
      sets.finish(time);
    },
    get inFlight() {
      return sets.inFlight;
    },
    get bytesHeld() {
      return sets.bytesHeld;
    },
  };
}
