/**
 * Counts of what a rule saw, by a key of its choosing, with the first frames and the first
 * example kept for the message: the bookkeeping of rules that report once per input.
 */
export interface Tallied<E> {
  count: number;
  readonly frames: number[];
  readonly example: E;
}

/** Frames kept per key: enough to find the packets in Wireshark, bounded however many come. */
export const LISTED_FRAMES = 10;

export function createTally<K, E>(): {
  note(key: K, frame: number, example: () => E): Tallied<E>;
  has(key: K): boolean;
  entries(): [K, Tallied<E>][];
  clear(): void;
  readonly size: number;
} {
  const seen = new Map<K, Tallied<E>>();
  return {
    note(key, frame, example) {
      let s = seen.get(key);
      if (!s) seen.set(key, (s = { count: 0, frames: [], example: example() }));
      s.count++;
      if (s.frames.length < LISTED_FRAMES) s.frames.push(frame);
      return s;
    },
    has: (key) => seen.has(key),
    entries: () => [...seen],
    clear: () => seen.clear(),
    get size() {
      return seen.size;
    },
  };
}
