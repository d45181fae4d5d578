import { createIntTable } from './int-table.js';

/** A peer count from which an address is taken to serve many (an AFTR): a B4 may talk to two AFTRs (failover, anycast). */
export const MANY = 3;

/** A peer-note row: the count, then up to MANY peer addresses as four words each. */
const PEER_W = 1 + MANY * 4;

/**
 * IPv6 address → its distinct softwire peers, counted up to MANY. Rows of words in one
 * Int32Array behind an int-keyed table: a flood of B4s adds no object per address. Addresses
 * are passed as their four words (no string per packet).
 */
export interface PeerNotes {
  /** Notes b as a peer of a; returns a's peer count (capped at MANY). */
  note(a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number): number;
  count(a0: number, a1: number, a2: number, a3: number): number;
  /** Forgets a's note; with `unlessMany`, keeps it when a serves many (its count is then evidence). */
  drop(a0: number, a1: number, a2: number, a3: number, unlessMany: boolean): void;
}

export function createPeerNotes(): PeerNotes {
  const table = createIntTable(4, 1024);
  let rows = new Int32Array(1024 * PEER_W);
  let used = 0;
  const free: number[] = [];

  /** The row of (a0..a3), or -1; made when `make`. */
  function rowOf(a0: number, a1: number, a2: number, a3: number, make: boolean): number {
    const k = table.key;
    k[0] = a0;
    k[1] = a1;
    k[2] = a2;
    k[3] = a3;
    let r = table.get();
    if (r >= 0 || !make) return r;
    r = free.pop() ?? used++;
    if ((r + 1) * PEER_W > rows.length) {
      const bigger = new Int32Array(rows.length * 2);
      bigger.set(rows);
      rows = bigger;
    }
    rows[r * PEER_W] = 0;
    table.insert(r);
    return r;
  }

  return {
    note(a0, a1, a2, a3, b0, b1, b2, b3) {
      const base = rowOf(a0, a1, a2, a3, true) * PEER_W;
      const n = rows[base]!;
      if (n >= MANY) return n;
      for (let i = 0; i < n; i++) {
        const at = base + 1 + i * 4;
        if (rows[at] === b0 && rows[at + 1] === b1 && rows[at + 2] === b2 && rows[at + 3] === b3) return n;
      }
      const at = base + 1 + n * 4;
      rows[at] = b0;
      rows[at + 1] = b1;
      rows[at + 2] = b2;
      rows[at + 3] = b3;
      rows[base] = n + 1;
      return n + 1;
    },
    count(a0, a1, a2, a3) {
      const r = rowOf(a0, a1, a2, a3, false);
      return r < 0 ? 0 : rows[r * PEER_W]!;
    },
    drop(a0, a1, a2, a3, unlessMany) {
      const r = rowOf(a0, a1, a2, a3, false);
      if (r < 0 || (unlessMany && rows[r * PEER_W]! >= MANY)) return;
      table.remove();
      free.push(r);
    },
  };
}
