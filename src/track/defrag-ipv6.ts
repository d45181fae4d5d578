import { dissect } from '../dissect/dissect.js';
import type { Dissection, Ip6Packet } from '../dissect/types.js';
import type { Direction } from './events.js';
import { addPiece, assemble, isComplete, newSet, type FragmentSet } from './reassembly.js';
import type { Softwire } from './softwires.js';

/** Limits of the outer reassembly state; hitting one drops the oldest set and says so. */
export interface DefragLimits {
  /** Fragment sets in flight. */
  readonly maxDatagrams: number;
  readonly maxFragmentsPerDatagram: number;
  /** Captured fragment bytes held, all sets together. */
  readonly maxBytes: number;
  /** RFC 8200 §4.5: reassembly is abandoned 60 s after the first-arriving fragment. */
  readonly timeoutSeconds: number;
}

export const DEFAULT_LIMITS: DefragLimits = { maxDatagrams: 8192, maxFragmentsPerDatagram: 256, maxBytes: 32 << 20, timeoutSeconds: 60 };

export type OuterStatus = 'complete' | 'overlap' | 'timeout' | 'end-of-capture' | 'evicted' | 'too-many-fragments';

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

interface Recent {
  readonly time: number;
  readonly hash: number | undefined;
  readonly frames: readonly number[];
  /** offset,length,hash of each piece: a late duplicate matches one of them. */
  readonly pieces: ReadonlySet<string>;
}

interface Pending {
  readonly previous?: Recent;
  readonly set: FragmentSet;
  readonly id: number;
  readonly softwire: Softwire;
  readonly dir: Direction;
  /** IPv6 header and unfragmentable extension headers of the offset-0 fragment, next header patched. */
  header?: Buffer;
}

function fnv1a(b: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** The unfragmentable part of the offset-0 fragment, with the Fragment header cut out. */
function headerOf(buf: Buffer, p: Ip6Packet): Buffer {
  const unfrag = Buffer.from(buf.subarray(p.offset, p.fragOffset));
  const fragNh = p.frag!.nextHeader;
  if (p.fragOffset === p.offset + 40) unfrag[6] = fragNh;
  else {
    // The last unfragmentable extension header points at the Fragment header: repoint it.
    let o = 40;
    let nh = unfrag[6]!;
    while (o < unfrag.length) {
      const len = nh === 51 ? (unfrag[o + 1]! + 2) * 4 : (unfrag[o + 1]! + 1) * 8;
      if (o + len >= unfrag.length) {
        unfrag[o] = fragNh;
        break;
      }
      nh = unfrag[o]!;
      o += len;
    }
  }
  return unfrag;
}

export function createOuterDefrag(limits: DefragLimits, onDatagram: (d: OuterDatagram) => void, onAnomaly: (id: string, frame: number) => void): OuterDefrag {
  /** Insertion order is first-arrival order: the first entry is always the oldest set. */
  const pending = new Map<string, Pending>();
  /** Sets completed within the timeout, by key (bounded like `pending`). */
  const recent = new Map<string, Recent>();
  let bytesHeld = 0;
  const pieceId = (offset: number, length: number, data: Buffer): string => `${offset},${length},${fnv1a(data)}`;

  function close(key: string, pd: Pending, status: OuterStatus, time: number): void {
    pending.delete(key);
    bytesHeld -= pd.set.bytes;
    let reassembled: Dissection | undefined;
    let data: Buffer | undefined;
    let hash: number | undefined;
    if ((status === 'complete' || status === 'overlap') && pd.header) {
      const payload = assemble(pd.set, 'first');
      if (payload) {
        const whole = Buffer.concat([pd.header, payload]);
        whole.writeUInt16BE(Math.min(0xffff, whole.length - 40), 4);
        reassembled = dissect({ linkType: 229, data: whole, offset: 0, capLen: whole.length, origLen: whole.length });
        data = whole;
        hash = fnv1a(payload);
      }
    }
    if (status === 'complete' || status === 'overlap') {
      if (recent.size >= limits.maxDatagrams) recent.delete(recent.keys().next().value!);
      recent.delete(key);
      recent.set(key, { time, hash, frames: pd.set.frames, pieces: new Set(pd.set.pieces.map((x) => pieceId(x.offset, x.length, x.data))) });
    }
    onDatagram({
      status,
      id: pd.id,
      softwire: pd.softwire,
      dir: pd.dir,
      set: pd.set,
      time,
      ...(reassembled && { reassembled }),
      ...(data && { data }),
      ...(hash !== undefined && { hash }),
      ...(pd.previous && { previous: { time: pd.previous.time, hash: pd.previous.hash, frames: pd.previous.frames } }),
    });
  }

  function makeRoom(frame: number, time: number): void {
    while (pending.size >= limits.maxDatagrams || bytesHeld > limits.maxBytes) {
      const oldest = pending.entries().next().value;
      if (!oldest) return;
      onAnomaly('reassembly.ipv6.evicted', frame);
      close(oldest[0], oldest[1], 'evicted', time);
    }
  }

  function add(buf: Buffer, p: Ip6Packet, sw: Softwire, dir: Direction, frame: number, time: number): 'added' | 'duplicate' {
    const f = p.frag!;
    const h = p.hdr;
    const key = `${h.s0},${h.s1},${h.s2},${h.s3},${h.d0},${h.d1},${h.d2},${h.d3},${f.id}`;
    // Fragment data length from header fields (exact even when the snap length cut the bytes).
    const length = p.offset + 40 + h.payloadLength - p.fragDataOffset;
    const dataEnd = Math.min(p.end, p.fragDataOffset + Math.max(0, length));
    const data = Buffer.from(buf.subarray(p.fragDataOffset, Math.max(p.fragDataOffset, dataEnd)));
    let pd = pending.get(key);
    if (!pd) {
      const prev = recent.get(key);
      const fresh = prev && time - prev.time <= limits.timeoutSeconds ? prev : undefined;
      if (fresh?.pieces.has(pieceId(f.offset * 8, Math.max(0, length), data))) return 'duplicate';
      makeRoom(frame, time);
      pd = { set: newSet(time), id: f.id, softwire: sw, dir, ...(fresh && { previous: fresh }) };
      pending.set(key, pd);
    }
    const before = pd.set.bytes;
    addPiece(pd.set, { offset: f.offset * 8, length: Math.max(0, length), more: f.more, frame, time, data });
    bytesHeld += pd.set.bytes - before;
    if (f.offset === 0 && !pd.header) pd.header = headerOf(buf, p);
    if (pd.set.pieces.length > limits.maxFragmentsPerDatagram) {
      onAnomaly('reassembly.ipv6.too_many_fragments', frame);
      close(key, pd, 'too-many-fragments', time);
      return 'added';
    }
    if (isComplete(pd.set)) close(key, pd, pd.set.overlap === 'none' ? 'complete' : 'overlap', time);
    else if (bytesHeld > limits.maxBytes) makeRoom(frame, time);
    return 'added';
  }

  function tick(time: number): void {
    for (const [key, r] of recent) {
      if (time - r.time <= limits.timeoutSeconds) break;
      recent.delete(key);
    }
    for (const [key, pd] of pending) {
      if (time - pd.set.firstTime <= limits.timeoutSeconds) return;
      close(key, pd, 'timeout', pd.set.firstTime + limits.timeoutSeconds);
    }
  }

  function finish(time: number): void {
    // Sets already past their timeout when the capture ends timed out; the rest were cut by its end.
    tick(time);
    for (const [key, pd] of [...pending]) close(key, pd, 'end-of-capture', time);
  }

  return {
    add,
    tick,
    finish,
    get inFlight() {
      return pending.size;
    },
    get bytesHeld() {
      return bytesHeld;
    },
  };
}
