import type { DefragLimits } from './defrag-ipv6.js';
import { createIntTable } from './int-table.js';
import { createPieceStore, type PieceStore } from './piece-store.js';
import { isComplete, type FragmentSet } from './reassembly.js';

const CHUNK = 256 << 10;

export type SetStatus = 'complete' | 'overlap' | 'timeout' | 'end-of-capture' | 'evicted' | 'too-many-fragments';

/** What a keyed tracker keeps per open set: the set itself, plus whatever the protocol needs. */
export interface OpenSet {
  readonly set: FragmentSet;
  /** Where the tracker keeps it (assigned by `open`). */
  slot: number;
}

/**
 * The lifecycle both reassemblers share (outer IPv6, RFC 8200 §4.5; inner IPv4, RFC 791):
 * sets keyed by the protocol's fields in first-arrival order, bounded in number, fragments
 * per set and bytes held, expired by capture time, every drop reported as
 * `reassembly.<protocol>.*`. The protocol fills `key` (its integer fields), adds pieces to
 * a set and says how a set is closed.
 */
export interface KeyedSets<P extends OpenSet> {
  /** Scratch key: fill it, then call `get` or `open`. While `close` runs it holds the closing set's key. */
  readonly key: Int32Array;
  /** Where the sets' pieces keep their bytes; a closed set's pieces are released after `close`. */
  readonly store: PieceStore;
  /** The open set for `key`, or undefined. */
  get(): P | undefined;
  /** Starts a set for `key` (absent), making room first. */
  open(made: P, frame: number, time: number): P;
  /** Call after adding a piece to `p.set` (`before` = its bytes before): enforces the limits, closes a finished set. */
  added(p: P, before: number, frame: number, time: number): void;
  tick(time: number): void;
  finish(time: number): void;
  readonly inFlight: number;
  readonly bytesHeld: number;
}

/**
 * Sets live in slots: an int-keyed table maps the key to a slot, and a ring of slots keeps
 * first-arrival order. (A Map of string keys cost a string per fragment and, at a few sets in
 * flight, rehashed as it shrank and grew: measured as a fifth of the fragment path.)
 */
export function createKeyedSets<P extends OpenSet>(
  protocol: 'ipv4' | 'ipv6',
  keyWidth: number,
  limits: DefragLimits,
  close: (p: P, status: SetStatus, time: number) => void,
  onAnomaly: (id: string, frame: number) => void,
): KeyedSets<P> {
  const table = createIntTable(keyWidth, 256);
  // Built once: a flood evicts a set per packet.
  const EVICTED = `reassembly.${protocol}.evicted`;
  const TOO_MANY = `reassembly.${protocol}.too_many_fragments`;
  const saved = new Int32Array(keyWidth);
  const sets: (P | undefined)[] = [];
  let keys = new Int32Array(64 * keyWidth);
  /** Bumped each time a slot is reused: a ring entry with an older generation is stale. */
  let gens = new Int32Array(64);
  const free: number[] = [];
  /** First-arrival order as (slot, generation); closed sets leave stale entries, skipped at the front. */
  let ringSlot = new Int32Array(64);
  let ringGen = new Int32Array(64);
  let head = 0;
  let count = 0;
  let live = 0;
  let bytesHeld = 0;
  // Half the byte limit in chunks; pieces past them get their own buffers, counted in the limit.
  const store = createPieceStore(CHUNK, Math.max(1, Math.floor(limits.maxBytes / 2 / CHUNK)));

  function end(slot: number, status: SetStatus, time: number): void {
    const p = sets[slot]!;
    table.loadKey(keys, slot * keyWidth);
    table.remove();
    sets[slot] = undefined;
    free.push(slot);
    live--;
    bytesHeld -= p.set.bytes;
    close(p, status, time);
    for (const x of p.set.pieces) store.release(x.data);
  }

  /** The oldest open slot, or -1 (drops closed slots from the front of the ring). */
  function oldest(): number {
    while (count > 0) {
      const slot = ringSlot[head]!;
      if (sets[slot] && gens[slot] === ringGen[head]) return slot;
      head = (head + 1) % ringSlot.length;
      count--;
    }
    return -1;
  }

  function push(slot: number): void {
    const n = ringSlot.length;
    if (count === n) {
      const s2 = new Int32Array(n * 2);
      const g2 = new Int32Array(n * 2);
      for (let i = 0; i < count; i++) {
        s2[i] = ringSlot[(head + i) % n]!;
        g2[i] = ringGen[(head + i) % n]!;
      }
      ringSlot = s2;
      ringGen = g2;
      head = 0;
    }
    const at = (head + count) % ringSlot.length;
    ringSlot[at] = slot;
    ringGen[at] = gens[slot]!;
    count++;
  }

  function makeRoom(frame: number, time: number): void {
    while (live >= limits.maxDatagrams || bytesHeld > limits.maxBytes) {
      const slot = oldest();
      if (slot < 0) return;
      onAnomaly(EVICTED, frame);
      end(slot, 'evicted', time);
    }
  }

  function tick(time: number): void {
    for (let slot = oldest(); slot >= 0 && time - sets[slot]!.set.firstTime > limits.timeoutSeconds; slot = oldest()) end(slot, 'timeout', sets[slot]!.set.firstTime + limits.timeoutSeconds);
  }

  return {
    key: table.key,
    store,
    get() {
      const slot = table.get();
      return slot < 0 ? undefined : sets[slot];
    },
    open(made, frame, time) {
      saved.set(table.key);
      makeRoom(frame, time);
      table.key.set(saved);
      const slot = free.pop() ?? sets.length;
      if (slot >= gens.length) {
        const k2 = new Int32Array(keys.length * 2);
        k2.set(keys);
        keys = k2;
        const g2 = new Int32Array(gens.length * 2);
        g2.set(gens);
        gens = g2;
      }
      sets[slot] = made;
      made.slot = slot;
      gens[slot] = (gens[slot]! + 1) | 0;
      keys.set(table.key, slot * keyWidth);
      table.insert(slot);
      push(slot);
      live++;
      return made;
    },
    added(p, before, frame, time) {
      bytesHeld += p.set.bytes - before;
      const slot = p.slot;
      if (p.set.pieces.length > limits.maxFragmentsPerDatagram) {
        onAnomaly(TOO_MANY, frame);
        end(slot, 'too-many-fragments', time);
      } else if (isComplete(p.set)) end(slot, p.set.overlap === 'none' ? 'complete' : 'overlap', time);
      else if (bytesHeld > limits.maxBytes) makeRoom(frame, time);
    },
    tick,
    finish(time) {
      // Sets already past their timeout when the capture ends timed out; the rest were cut by its end.
      tick(time);
      for (let slot = oldest(); slot >= 0; slot = oldest()) end(slot, 'end-of-capture', time);
    },
    get inFlight() {
      return live;
    },
    get bytesHeld() {
      return bytesHeld;
    },
  };
}
