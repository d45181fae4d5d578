/**
 * Open-addressing hash table from fixed-width integer keys to slot numbers 0..n-1.
 * Values and keys live in one Int32Array, a row per place, so a probe reads one or two cache
 * lines instead of chasing a Map bucket, a key string and an entry object: the flow and
 * softwire tables are probed once per packet. Linear probing with backward-shift
 * deletion keeps it free of tombstones. Callers write the key into `key` and then call
 * `get`, `insert` or `remove`; nothing is allocated per lookup.
 */
export interface IntTable {
  /** Scratch key: fill it, then call get/insert/remove. */
  readonly key: Int32Array;
  /** The value stored for `key`, or -1. */
  get(): number;
  /**
   * Stores `value` for `key` (which must be absent). Right after a `get` that missed a key of
   * the same hash, with nothing inserted or removed between, it takes the place that probe
   * ended at instead of probing again (an absent key of that hash would end there too): a
   * flood inserts a new key per packet after looking it up.
   */
  insert(value: number): void;
  /** Removes `key`; returns its value or -1. */
  remove(): number;
  /** Copies a key into `key` from `from` at `at` (no subarray view per call: evictions do it per entry). */
  loadKey(from: Int32Array, at: number): void;
  readonly size: number;
}

const EMPTY = -1;

function hashKey(keys: Int32Array, off: number, width: number): number {
  let h = 0x9e3779b9 | 0;
  for (let i = 0; i < width; i++) {
    h = Math.imul(h ^ keys[off + i]!, 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function createIntTable(width: number, initialCapacity = 1024): IntTable {
  const key = new Int32Array(width);
  /** A place's row: its value, then its key. Side by side, a probe reads one cache line, not one in a values array and another in a keys array. */
  const stride = width + 1;
  let cap = 1;
  while (cap < initialCapacity * 2) cap <<= 1;
  let mask = cap - 1;
  let rows = emptyRows(cap, stride);
  let size = 0;
  /** Bumped by every insert, removal and growth: a remembered place is good while it stands. */
  let version = 0;
  /** Where the last missing `get` ended: its key's hash, the empty place, the version then. */
  let missHash = 0;
  let missAt = -1;
  let missVersion = -1;
  let lastHash = 0;

  /** The place of key `k` (at `kOff`), or the complement of the empty place where it would go. */
  function find(k: Int32Array, kOff: number): number {
    lastHash = hashKey(k, kOff, width);
    let i = lastHash & mask;
    for (;;) {
      const base = i * stride;
      if (rows[base] === EMPTY) return ~i;
      let same = true;
      // Last word first: the callers put what varies most there (fragment IDs, ports), so a
      // neighbour in the probe run is told apart at the first word instead of the ninth.
      for (let j = width - 1; j >= 0; j--) {
        if (rows[base + 1 + j] !== k[kOff + j]) {
          same = false;
          break;
        }
      }
      if (same) return i;
      i = (i + 1) & mask;
    }
  }

  function grow(): void {
    const old = rows;
    cap <<= 1;
    mask = cap - 1;
    version++;
    rows = emptyRows(cap, stride);
    for (let base = 0; base < old.length; base += stride) {
      if (old[base] === EMPTY) continue;
      const slot = ~find(old, base + 1);
      rows.set(old.subarray(base, base + stride), slot * stride);
    }
  }

  return {
    key,
    get() {
      const i = find(key, 0);
      if (i >= 0) return rows[i * stride]!;
      missHash = lastHash;
      missAt = ~i;
      missVersion = version;
      return EMPTY;
    },
    insert(value) {
      if ((size + 1) * 2 > cap) grow();
      let slot: number;
      if (missVersion === version && hashKey(key, 0, width) === missHash) slot = missAt;
      else {
        const i = find(key, 0);
        if (i >= 0) throw new Error('IntTable.insert: key present');
        slot = ~i;
      }
      rows[slot * stride] = value;
      rows.set(key, slot * stride + 1);
      size++;
      version++;
    },
    remove() {
      let i = find(key, 0);
      if (i < 0) return EMPTY;
      const removed = rows[i * stride]!;
      // Backward-shift deletion: pull later members of the probe run into the hole.
      let j = i;
      for (;;) {
        j = (j + 1) & mask;
        if (rows[j * stride] === EMPTY) break;
        const home = hashKey(rows, j * stride + 1, width) & mask;
        const between = i <= j ? i < home && home <= j : i < home || home <= j;
        if (between) continue;
        rows.copyWithin(i * stride, j * stride, j * stride + stride);
        i = j;
      }
      rows[i * stride] = EMPTY;
      size--;
      version++;
      return removed;
    },
    loadKey(from, at) {
      for (let j = 0; j < width; j++) key[j] = from[at + j]!;
    },
    get size() {
      return size;
    },
  };
}

/** `cap` empty rows of `stride` words (a row is empty when its value is EMPTY). */
function emptyRows(cap: number, stride: number): Int32Array {
  const rows = new Int32Array(cap * stride);
  for (let base = 0; base < rows.length; base += stride) rows[base] = EMPTY;
  return rows;
}
