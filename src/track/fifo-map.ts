/**
 * A Map that also knows its insertion order cheaply: `oldest()` and `shift()` are O(1)
 * amortized however many entries were deleted out of order. (Reading the front of a JS
 * Map after many deletions makes V8 step over every deleted slot: measured as the
 * bottleneck of reassembly under eviction.) The order lives in a ring of (key, value)
 * pairs; deleted entries stay there as stale pairs, skipped when they reach the front, and
 * the ring is compacted when stale pairs fill it.
 */
export interface FifoMap<K, V> {
  get(key: K): V | undefined;
  /** Inserts at the back (a key already present is replaced and moves to the back). */
  set(key: K, value: V): void;
  delete(key: K): boolean;
  /** The oldest live entry, or undefined. */
  oldest(): [K, V] | undefined;
  readonly size: number;
  /** Live entries, oldest first. */
  entries(): [K, V][];
}

export function createFifoMap<K, V>(): FifoMap<K, V> {
  const map = new Map<K, V>();
  let keys: (K | undefined)[] = new Array<K | undefined>(64).fill(undefined);
  let vals: (V | undefined)[] = new Array<V | undefined>(64).fill(undefined);
  let head = 0;
  let count = 0;

  const live = (i: number): boolean => {
    const k = keys[i];
    return k !== undefined && map.get(k) === vals[i];
  };

  function dropStaleFront(): void {
    while (count > 0 && !live(head)) {
      keys[head] = undefined;
      vals[head] = undefined;
      head = (head + 1) % keys.length;
      count--;
    }
  }

  function compactOrGrow(): void {
    const pairs: [K, V][] = [];
    for (let n = 0, i = head; n < count; n++, i = (i + 1) % keys.length) if (live(i)) pairs.push([keys[i]!, vals[i]!]);
    // Grow only when live entries fill more than half: compaction alone keeps it amortized O(1).
    const cap = pairs.length * 2 >= keys.length ? keys.length * 2 : keys.length;
    keys = new Array<K | undefined>(cap).fill(undefined);
    vals = new Array<V | undefined>(cap).fill(undefined);
    pairs.forEach(([k, v], i) => {
      keys[i] = k;
      vals[i] = v;
    });
    head = 0;
    count = pairs.length;
  }

  return {
    get: (k) => map.get(k),
    set(k, v) {
      map.set(k, v);
      if (count === keys.length) compactOrGrow();
      const slot = (head + count) % keys.length;
      keys[slot] = k;
      vals[slot] = v;
      count++;
    },
    delete(k) {
      const had = map.delete(k);
      dropStaleFront();
      return had;
    },
    oldest() {
      dropStaleFront();
      return count > 0 ? [keys[head]!, vals[head]!] : undefined;
    },
    get size() {
      return map.size;
    },
    entries() {
      const out: [K, V][] = [];
      for (let n = 0, i = head; n < count; n++, i = (i + 1) % keys.length) if (live(i)) out.push([keys[i]!, vals[i]!]);
      return out;
    },
  };
}
