import type { DiffUnit } from './units.js';

/** 0: the expected capture (the reference encapsulator's output), 1: the device's actual capture. */
export type DiffSide = 0 | 1;

export interface MatcherOptions {
  /** How many datagrams the other capture may move on before a waiting one is declared unmatched. */
  readonly window: number;
  onPair(expected: DiffUnit, actual: DiffUnit): void;
  onUnmatched(side: DiffSide, u: DiffUnit): void;
}

export interface Matcher {
  add(side: DiffSide, u: DiffUnit): void;
  /** The side has no more units: whatever waits for it is unmatched. */
  ended(side: DiffSide): void;
  finish(): void;
  /** Units added less units declared unmatched: what the paced reader balances. */
  progress(side: DiffSide): number;
  /** Most units waiting at once on either side: the memory bound in practice. */
  readonly peakWaiting: () => number;
  /** Pairs whose actual datagram came before an earlier expected one. */
  readonly reordered: () => number;
}

interface Waiting {
  readonly u: DiffUnit;
  /** Units the other side had produced when this one arrived. */
  readonly stamp: number;
  done: boolean;
}

const PRIME = 0x01000193;
/**
 * The identity key: a 30-bit hash of source, destination, protocol and IPv4 Identification
 * (RFC 791's reassembly key). Small integers hash fastest in a Map; a collision only puts
 * two identities in one list, told apart by `sameIdentity`.
 */
const keyOf = (u: DiffUnit): number => {
  const h = Math.imul(
    Math.imul(Math.imul(Math.imul(u.src ^ 0x811c9dc5, PRIME) ^ u.dst, PRIME) ^ u.protocol, PRIME) ^ u.id,
    PRIME,
  );
  return (h ^ (h >>> 15)) & 0x3fffffff;
};
const sameIdentity = (a: DiffUnit, b: DiffUnit): boolean =>
  a.src === b.src && a.dst === b.dst && a.protocol === b.protocol && a.id === b.id;
/** Ports differ only where one side could not read them (a datagram whose first piece never came). */
const portsAgree = (a: DiffUnit, b: DiffUnit): boolean =>
  a.srcPort < 0 || b.srcPort < 0 || (a.srcPort === b.srcPort && a.dstPort === b.dstPort);

/** How alike two datagrams of one identity are: same data first, then the same softwire. */
function score(a: DiffUnit, b: DiffUnit): number {
  return (
    (a.hash !== undefined && a.hash === b.hash ? 4 : 0) +
    (a.outerSrc === b.outerSrc && a.outerDst === b.outerDst ? 2 : 0) +
    (a.totalLength === b.totalLength ? 1 : 0)
  );
}

/**
 * Pairs the datagrams of two captures of the same traffic by what identifies them, in any
 * order within the window. A datagram that arrives looks for a waiting one of the same
 * identity on the other side (the best by data and softwire when several wait); else it
 * waits until the other side has moved `window` datagrams on, or ended.
 */
export function createMatcher(o: MatcherOptions): Matcher {
  // One waiting datagram per key is the rule: it is stored bare, a list only when keys collide.
  const waiting = [new Map<number, Waiting | Waiting[]>(), new Map<number, Waiting | Waiting[]>()] as const;
  const queues: [Waiting[], Waiting[]] = [[], []];
  const heads = [0, 0];
  const produced = [0, 0];
  const unmatched = [0, 0];
  const isEnded = [false, false];
  let peak = 0;
  let reordered = 0;
  let lastExpectedSeq = -1;

  const pair = (e: DiffUnit, a: DiffUnit): void => {
    // Pairs come in the actual capture's order when it is the later side; count inversions of the expected order.
    if (e.seq < lastExpectedSeq) reordered++;
    else lastExpectedSeq = e.seq;
    o.onPair(e, a);
  };

  // The newest waiting datagram of each side stays out of the map until a newer one waits:
  // read side by side, most datagrams pair with it at once, and the map is never touched.
  const fresh: [Waiting | undefined, Waiting | undefined] = [undefined, undefined];
  const toMap = (side: DiffSide, w: Waiting): void => {
    const k = keyOf(w.u);
    const m = waiting[side];
    const l = m.get(k);
    if (l === undefined) m.set(k, w);
    else if (Array.isArray(l)) l.push(w);
    else m.set(k, [l, w]);
  };
  const drop = (side: DiffSide, w: Waiting): void => {
    if (fresh[side] === w) {
      fresh[side] = undefined;
      return;
    }
    const k = keyOf(w.u);
    const m = waiting[side];
    const v = m.get(k);
    if (v === w) m.delete(k);
    else if (Array.isArray(v)) {
      const i = v.indexOf(w);
      if (i >= 0) v.splice(i, 1);
      if (v.length === 1) m.set(k, v[0]!);
      else if (!v.length) m.delete(k);
    }
  };
  const candidates = (v: Waiting | Waiting[] | undefined): readonly Waiting[] =>
    v === undefined ? [] : Array.isArray(v) ? v : [v];

  /** Declares the side's waiting units unmatched once the other side has moved far enough on (or always). */
  const expire = (side: DiffSide, all: boolean): void => {
    const q = queues[side];
    const other = produced[side === 0 ? 1 : 0]!;
    let h = heads[side]!;
    while (h < q.length) {
      const w = q[h]!;
      if (!w.done) {
        if (!all && w.stamp + o.window > other) break;
        w.done = true;
        drop(side, w);
        unmatched[side]!++;
        o.onUnmatched(side, w.u);
      }
      h++;
    }
    if (h > 1024 && h * 2 > q.length) {
      q.splice(0, h);
      h = 0;
    }
    heads[side] = h;
  };

  return {
    add(side, u) {
      produced[side]!++;
      const otherSide: DiffSide = side === 0 ? 1 : 0;
      const f = fresh[otherSide];
      const found = waiting[otherSide].size ? waiting[otherSide].get(keyOf(u)) : undefined;
      let best: Waiting | undefined;
      let bestScore = -1;
      if (found === undefined) {
        if (f && sameIdentity(f.u, u) && portsAgree(f.u, u)) best = f;
      } else
        for (const w of f ? [...candidates(found), f] : candidates(found)) {
          if (!sameIdentity(w.u, u) || !portsAgree(w.u, u)) continue;
          const s = score(w.u, u);
          if (s > bestScore) {
            best = w;
            bestScore = s;
          }
        }
      if (best) {
        best.done = true;
        drop(otherSide, best);
        if (side === 0) pair(u, best.u);
        else pair(best.u, u);
      } else if (isEnded[otherSide]) {
        unmatched[side]!++;
        o.onUnmatched(side, u);
      } else {
        const w: Waiting = { u, stamp: produced[otherSide]!, done: false };
        queues[side].push(w);
        const older = fresh[side];
        if (older && !older.done) toMap(side, older);
        fresh[side] = w;
        peak = Math.max(peak, queues[side].length - heads[side]!);
      }
      expire(otherSide, false);
    },
    ended(side) {
      isEnded[side] = true;
      expire(side === 0 ? 1 : 0, true);
    },
    finish() {
      expire(0, true);
      expire(1, true);
    },
    progress: (side) => produced[side]! - unmatched[side]!,
    peakWaiting: () => peak,
    reordered: () => reordered,
  };
}
