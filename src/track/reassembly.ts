/**
 * The fragment-set core shared by outer IPv6 (RFC 8200 §4.5) and inner IPv4 (RFC 791)
 * reassembly: pieces with their byte ranges, exact duplicates told apart from overlaps,
 * overlaps classed as identical (same bytes where they meet) or inconsistent (different
 * bytes), completion, and assembly. Order of arrival never matters. The keyed trackers
 * (defrag-ipv6.ts, defrag-ipv4.ts) add keys, clocks and limits around it.
 */

export interface Piece {
  /** Byte offset of the piece in the fragmentable part / the original payload. */
  readonly offset: number;
  /** Length on the wire (from header fields, even when the capture cut the bytes). */
  readonly length: number;
  readonly more: boolean;
  readonly frame: number;
  /** Captured bytes of the piece; shorter than `length` when the snap length cut it. Valid while the set is open (see piece-store.ts). */
  readonly data: Buffer;
}

export type OverlapKind = 'none' | 'identical' | 'inconsistent';

export interface FragmentSet {
  /** Replaced, not pushed to, by the first piece: an array of one instead of the 16 slots a first push reserves (a flood makes a set per packet as its sets close, see keyed-sets.ts). */
  pieces: Piece[];
  /** Every frame that carried a piece, duplicates included, in arrival order. */
  frames: number[];
  /** End of the datagram, known once the piece with more = false arrived. */
  total: number | undefined;
  overlap: OverlapKind;
  /** Frames whose piece overlapped another (not counting exact duplicates); shared and empty until the first. */
  overlapFrames: readonly number[];
  duplicates: number;
  /** A piece whose bytes the capture cut: the set can complete, but its bytes cannot be checked. */
  truncated: boolean;
  /** Two pieces claim to be last, at different ends. */
  conflictingEnd: boolean;
  bytes: number;
  readonly firstTime: number;
  lastTime: number;
}

/** The overlap frames of every set without an overlap: one array, never written. */
const NO_OVERLAP: readonly number[] = Object.freeze([]);

export function newSet(time: number): FragmentSet {
  return {
    pieces: [],
    frames: [],
    total: undefined,
    overlap: 'none',
    overlapFrames: NO_OVERLAP,
    duplicates: 0,
    truncated: false,
    conflictingEnd: false,
    bytes: 0,
    firstTime: time,
    lastTime: time,
  };
}

/** Do the bytes that both pieces cover agree? (False when either side's bytes were cut.) */
function sameWhereTheyMeet(a: Piece, b: Piece): boolean {
  const from = Math.max(a.offset, b.offset);
  const to = Math.min(a.offset + a.length, b.offset + b.length);
  if (from - a.offset + (to - from) > a.data.length || from - b.offset + (to - from) > b.data.length) return false;
  return a.data.compare(b.data, from - b.offset, to - b.offset, from - a.offset, to - a.offset) === 0;
}

export type AddResult = 'added' | 'duplicate' | 'overlap';

/** Adds a piece that arrived at capture time `time`; duplicates (same range, same bytes) are counted and dropped. */
export function addPiece(set: FragmentSet, p: Piece, time = set.lastTime): AddResult {
  if (set.frames.length === 0) set.frames = [p.frame];
  else set.frames.push(p.frame);
  set.lastTime = time;
  if (p.data.length < p.length) set.truncated = true;
  let result: AddResult = 'added';
  for (const q of set.pieces) {
    const meets = p.offset < q.offset + q.length && q.offset < p.offset + p.length;
    if (!meets) continue;
    if (p.offset === q.offset && p.length === q.length && p.more === q.more && sameWhereTheyMeet(p, q)) {
      set.duplicates++;
      return 'duplicate';
    }
    result = 'overlap';
    const kind: OverlapKind = sameWhereTheyMeet(p, q) ? 'identical' : 'inconsistent';
    if (set.overlap !== 'inconsistent') set.overlap = kind;
  }
  if (result === 'overlap') set.overlapFrames = [...set.overlapFrames, p.frame];
  if (!p.more) {
    const end = p.offset + p.length;
    if (set.total !== undefined && set.total !== end) set.conflictingEnd = true;
    set.total = set.total === undefined ? end : Math.max(set.total, end);
  }
  if (set.pieces.length === 0) set.pieces = [p];
  else set.pieces.push(p);
  set.bytes += p.data.length;
  return result;
}

/** True once pieces cover [0, total) without a gap. */
export function isComplete(set: FragmentSet): boolean {
  if (set.total === undefined) return false;
  // One piece, or two in order (most sets): no sorted copy.
  const [a, b] = set.pieces;
  if (set.pieces.length === 1) return a!.offset === 0 && a!.length >= set.total;
  if (set.pieces.length === 2 && a!.offset <= b!.offset)
    return (
      a!.offset === 0 && (a!.length >= set.total || (b!.offset <= a!.length && b!.offset + b!.length >= set.total))
    );
  const sorted = [...set.pieces].sort((a, b) => a.offset - b.offset);
  let reach = 0;
  for (const p of sorted) {
    if (p.offset > reach) return false;
    reach = Math.max(reach, p.offset + p.length);
    if (reach >= set.total) return true;
  }
  return reach >= set.total;
}

/** Byte ranges still missing, for messages about incomplete sets (`total` unknown → open end). */
export function gaps(set: FragmentSet): [number, number | undefined][] {
  const sorted = [...set.pieces].sort((a, b) => a.offset - b.offset);
  const out: [number, number | undefined][] = [];
  let reach = 0;
  for (const p of sorted) {
    if (p.offset > reach) out.push([reach, p.offset]);
    reach = Math.max(reach, p.offset + p.length);
  }
  if (set.total === undefined) out.push([reach, undefined]);
  else if (reach < set.total) out.push([reach, set.total]);
  return out;
}

/**
 * The reassembled bytes, or undefined when they cannot be known (a cut piece). Where pieces
 * overlap, `prefer` decides whose bytes win: the first to arrive or the last. `headroom`
 * bytes are left free in front, for a header the caller writes there.
 */
export function assemble(set: FragmentSet, prefer: 'first' | 'last' = 'first', headroom = 0): Buffer | undefined {
  if (set.total === undefined || set.truncated) return undefined;
  // Unzeroed: a complete set's pieces write every byte of [0, total), the caller the headroom.
  const out = isComplete(set) ? Buffer.allocUnsafe(headroom + set.total) : Buffer.alloc(headroom + set.total);
  const order = prefer === 'first' ? [...set.pieces].reverse() : set.pieces;
  for (const p of order) {
    // A piece that starts past the end a last fragment set (overlapping, conflicting ends) adds nothing.
    const n = Math.min(p.length, set.total - p.offset);
    if (n > 0) p.data.copy(out, headroom + p.offset, 0, n);
  }
  return out;
}
