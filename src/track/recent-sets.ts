import { createIntTable } from './int-table.js';

const MAX_FRAMES = 4;
const MAX_PIECES = 8;
/** Row of doubles per slot: time, hash, frame count, frames, piece count, (offset, length, hash) per piece. */
const T = 0;
const H = 1;
const NF = 2;
const F0 = 3;
const NP = F0 + MAX_FRAMES;
const P0 = NP + 1;
const ROW = P0 + 3 * MAX_PIECES;
/** Key: source and destination address words and the Identification. */
export const RECENT_KEY_WIDTH = 9;

/**
 * Outer fragment sets completed within the reassembly timeout, for FRAG-010 (Identification
 * reuse) and for recognising late duplicates. Kept in an int-keyed table and typed-array rows
 * reused in a ring: the memo is replaced continuously, and as objects it was promoted and died
 * in V8's old space, which made peak memory creep with capture length.
 */
export interface RecentSets {
  /** Scratch key to fill before `find`/`remember`. */
  readonly key: Int32Array;
  find(): number;
  remember(
    time: number,
    hash: number | undefined,
    frames: readonly number[],
    pieces: readonly { offset: number; length: number; hash: number }[],
  ): void;
  time(slot: number): number;
  hash(slot: number): number | undefined;
  frames(slot: number): number[];
  hasPiece(slot: number, offset: number, length: number, hash: number): boolean;
  /** Forgets sets older than `timeout` seconds at capture time `now`. */
  expire(now: number, timeout: number): void;
}

export function createRecentSets(capacity: number): RecentSets {
  const table = createIntTable(RECENT_KEY_WIDTH, Math.min(capacity, 1 << 16));
  /** Scratch copies of the key (the table's one scratch key is overwritten by forgetting). */
  const saved = new Int32Array(RECENT_KEY_WIDTH);
  const spare = new Int32Array(RECENT_KEY_WIDTH);
  const keys = new Int32Array(capacity * RECENT_KEY_WIDTH);
  const rows = new Float64Array(capacity * ROW);
  let oldest = 0;
  let count = 0;

  function forgetOldest(): void {
    table.loadKey(keys, oldest * RECENT_KEY_WIDTH);
    // A key remembered again points at its newer slot: leave that one alone.
    if (table.get() === oldest) table.remove();
    oldest = (oldest + 1) % capacity;
    count--;
  }

  return {
    key: table.key,
    find: () => table.get(),
    remember(time, hash, frames, pieces) {
      saved.set(table.key);
      // The same key completed again (an ID reuse): the newer set replaces the older.
      if (table.get() >= 0) table.remove();
      if (count === capacity) {
        forgetOldest();
        table.key.set(saved);
      }
      const slot = (oldest + count) % capacity;
      count++;
      keys.set(saved, slot * RECENT_KEY_WIDTH);
      const r = slot * ROW;
      rows[r + T] = time;
      rows[r + H] = hash === undefined ? NaN : hash;
      const nf = Math.min(frames.length, MAX_FRAMES);
      rows[r + NF] = nf;
      for (let i = 0; i < nf; i++) rows[r + F0 + i] = frames[i]!;
      const np = Math.min(pieces.length, MAX_PIECES);
      rows[r + NP] = np;
      for (let i = 0; i < np; i++) {
        rows[r + P0 + 3 * i] = pieces[i]!.offset;
        rows[r + P0 + 3 * i + 1] = pieces[i]!.length;
        rows[r + P0 + 3 * i + 2] = pieces[i]!.hash;
      }
      table.key.set(saved);
      table.insert(slot);
    },
    time: (slot) => rows[slot * ROW + T]!,
    hash(slot) {
      const h = rows[slot * ROW + H]!;
      return Number.isNaN(h) ? undefined : h;
    },
    frames(slot) {
      const r = slot * ROW;
      return Array.from(rows.subarray(r + F0, r + F0 + rows[r + NF]!));
    },
    hasPiece(slot, offset, length, hash) {
      const r = slot * ROW;
      const np = rows[r + NP]!;
      for (let i = 0; i < np; i++)
        if (rows[r + P0 + 3 * i] === offset && rows[r + P0 + 3 * i + 1] === length && rows[r + P0 + 3 * i + 2] === hash)
          return true;
      return false;
    },
    expire(now, timeout) {
      while (count > 0 && now - rows[oldest * ROW + T]! > timeout) {
        spare.set(table.key);
        forgetOldest();
        table.key.set(spare);
      }
    },
  };
}
