/**
 * A bounded map from a flow number (a non-negative 31-bit integer) to a time: the coverage
 * histories note one per matched datagram. Key and time sit side by side in one Float64Array
 * (linear probing, the table at most half full), so a lookup reads one cache line where a Map
 * read a bucket and then an entry: with tens of thousands of flows live, those reads missed the
 * cache and were most of the two-point pairing path's cost. Past `held` keys it starts again
 * empty, as the histories have always done.
 */
export interface FlowTimes {
  get(flow: number): number | undefined;
  set(flow: number, time: number): void;
  readonly size: number;
}

const EMPTY = -1;

export function createFlowTimes(held: number): FlowTimes {
  let cap = 2;
  while (cap < held * 2) cap <<= 1;
  const mask = cap - 1;
  // Made at the first `set`: every run makes the histories, a check of one capture fills none.
  let table: Float64Array | undefined;
  let size = 0;
  /** The slot holding `flow`, or the empty slot where it would go (negated, minus one). */
  const find = (table: Float64Array, flow: number): number => {
    let h = Math.imul(flow ^ (flow >>> 15), 0x2c1b3c6d);
    h ^= h >>> 12;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = table[2 * i]!;
      if (k === flow) return i;
      if (k === EMPTY) return -i - 1;
    }
  };
  return {
    get(flow) {
      if (!table) return undefined;
      const i = find(table, flow);
      return i >= 0 ? table[2 * i + 1] : undefined;
    },
    set(flow, time) {
      table ??= new Float64Array(cap * 2).fill(EMPTY);
      let i = find(table, flow);
      if (i < 0) {
        if (size >= held) {
          table.fill(EMPTY);
          size = 0;
          i = find(table, flow);
        }
        i = -i - 1;
        table[2 * i] = flow;
        size++;
      }
      table[2 * i + 1] = time;
    },
    get size() {
      return size;
    },
  };
}
