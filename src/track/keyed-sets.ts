import { createIntTable } from './int-table.js';
import { createPieceStore } from './piece-store.js';
import { addPiece, isComplete, newSet, type AddResult, type FragmentSet } from './reassembly.js';

/** Limits of a reassembly's state, outer and inner alike; hitting one drops the oldest set and says so. */
export interface DefragLimits {
  /** Fragment sets in flight. */
  readonly maxFragmentSets: number;
  readonly maxFragmentsPerDatagram: number;
  /** Captured fragment bytes held, all sets together. */
  readonly maxFragmentBytes: number;
  /** RFC 8200 §4.5: reassembly is abandoned 60 s after the first-arriving fragment. */
  readonly timeoutSeconds: number;
}

const CHUNK = 256 << 10;

export type SetStatus = 'complete' | 'overlap' | 'timeout' | 'end-of-capture' | 'evicted' | 'too-many-fragments';

/** What a keyed tracker keeps per open set: whatever the protocol needs besides the pieces. */
export interface OpenSet {
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
  /** The open set for `key`, or undefined. */
  get(): P | undefined;
  /** Starts a set for `key` (absent), making room first. */
  open(made: P, frame: number, time: number): P;
  /**
   * Adds a piece to `p`'s set: `length` bytes on the wire at `offset`, of which the capture
   * holds `src[from, to)` (fewer when the snap length cut it). Exact duplicates are counted
   * and dropped.
   */
  add(
    p: P,
    offset: number,
    length: number,
    more: boolean,
    frame: number,
    src: Buffer,
    from: number,
    to: number,
    time: number,
  ): AddResult;
  /** Call after `add` and the protocol's own notes on the piece: enforces the limits, closes a finished set. */
  settle(p: P, frame: number, time: number): void;
  tick(time: number): void;
  finish(time: number): void;
  readonly inFlight: number;
  readonly bytesHeld: number;
}

/** A set's form: no piece yet, one piece in the rows, or a FragmentSet object. */
const EMPTY = 0;
const ONE = 1;
const FULL = 2;

function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/**
 * Sets live in slots: an int-keyed table maps the key to a slot, and a ring of slots keeps
 * first-arrival order. (A Map of string keys cost a string per fragment and, at a few sets in
 * flight, rehashed as it shrank and grew: measured as a fifth of the fragment path.)
 *
 * A set of one piece (every set, until its second fragment; most sets of a flood, for ever)
 * is kept in typed-array rows — the piece's range, frame, times and place in the piece
 * store — and becomes a FragmentSet object only when a second piece comes or it closes.
 * Objects that wait for thousands of packets outlive the young generation and are copied
 * and promoted; a flood of first fragments held some ten objects per set that way, and
 * collecting them was most of its time.
 */
export function createKeyedSets<P extends OpenSet>(
  protocol: 'ipv4' | 'ipv6',
  keyWidth: number,
  limits: DefragLimits,
  close: (p: P, set: FragmentSet, status: SetStatus, time: number) => void,
  onAnomaly: (id: string, frame: number) => void,
): KeyedSets<P> {
  const table = createIntTable(keyWidth, 256);
  // Built once: a flood evicts a set per packet.
  const EVICTED = `reassembly.${protocol}.evicted`;
  const TOO_MANY = `reassembly.${protocol}.too_many_fragments`;
  const saved = new Int32Array(keyWidth);
  const sets: (P | undefined)[] = [];
  /** The FragmentSet of a slot whose form is FULL. */
  const full: (FragmentSet | undefined)[] = [];
  let keys = new Int32Array(64 * keyWidth);
  /** Bumped each time a slot is reused: a ring entry with an older generation is stale. */
  let gens = new Int32Array(64);
  let form = new Uint8Array(64);
  let firstTime = new Float64Array(64);
  // The one piece of a set in the ONE form.
  let oneOffset = new Int32Array(64);
  let oneLength = new Int32Array(64);
  let oneMore = new Uint8Array(64);
  let oneFrame = new Float64Array(64);
  let oneAt = new Float64Array(64);
  let oneBytes = new Int32Array(64);
  const free: number[] = [];
  /** First-arrival order as (slot, generation); closed sets leave stale entries, skipped at the front. */
  let ringSlot = new Int32Array(64);
  let ringGen = new Int32Array(64);
  let head = 0;
  let count = 0;
  let live = 0;
  let bytesHeld = 0;
  // Half the byte limit in chunks; pieces past them get their own buffers, counted in the limit.
  const store = createPieceStore(CHUNK, Math.max(1, Math.floor(limits.maxFragmentBytes / 2 / CHUNK)));

  /** The slot's set as an object, made from its row when it has one piece. */
  function setAt(slot: number): FragmentSet {
    const had = full[slot];
    if (had) return had;
    const time = firstTime[slot]!;
    const set = newSet(time);
    if (form[slot] === ONE)
      addPiece(
        set,
        {
          offset: oneOffset[slot]!,
          length: oneLength[slot]!,
          more: oneMore[slot] === 1,
          frame: oneFrame[slot]!,
          data: store.view(oneAt[slot]!, oneBytes[slot]!),
        },
        time,
      );
    full[slot] = set;
    form[slot] = FULL;
    return set;
  }

  function end(slot: number, status: SetStatus, time: number): void {
    const p = sets[slot]!;
    // A set that had one piece releases it by its place (no lookup of its chunk).
    const placed = form[slot] === ONE ? oneAt[slot]! : -1;
    const set = setAt(slot);
    table.loadKey(keys, slot * keyWidth);
    table.remove();
    sets[slot] = undefined;
    full[slot] = undefined;
    form[slot] = EMPTY;
    free.push(slot);
    live--;
    bytesHeld -= set.bytes;
    close(p, set, status, time);
    if (placed >= 0) store.releaseAt(placed, set.bytes);
    else for (const x of set.pieces) store.release(x.data);
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

  /** Evicts the oldest sets until at most `allowed` are open and the bytes are within the limit. */
  function makeRoom(allowed: number, frame: number, time: number): void {
    while (live > allowed || bytesHeld > limits.maxFragmentBytes) {
      const slot = oldest();
      if (slot < 0) return;
      onAnomaly(EVICTED, frame);
      end(slot, 'evicted', time);
    }
  }

  function tick(time: number): void {
    for (let slot = oldest(); slot >= 0 && time - firstTime[slot]! > limits.timeoutSeconds; slot = oldest())
      end(slot, 'timeout', firstTime[slot]! + limits.timeoutSeconds);
  }

  return {
    key: table.key,
    get() {
      const slot = table.get();
      return slot < 0 ? undefined : sets[slot];
    },
    open(made, frame, time) {
      const slot = free.pop() ?? sets.length;
      if (slot >= gens.length) {
        const n = gens.length * 2;
        keys = grown(keys, n * keyWidth);
        gens = grown(gens, n);
        form = grown(form, n);
        firstTime = grown(firstTime, n);
        oneOffset = grown(oneOffset, n);
        oneLength = grown(oneLength, n);
        oneMore = grown(oneMore, n);
        oneFrame = grown(oneFrame, n);
        oneAt = grown(oneAt, n);
        oneBytes = grown(oneBytes, n);
      }
      sets[slot] = made;
      made.slot = slot;
      form[slot] = EMPTY;
      firstTime[slot] = time;
      gens[slot] = (gens[slot]! + 1) | 0;
      keys.set(table.key, slot * keyWidth);
      // Inserted before room is made: the insert takes the place the caller's missing `get` found.
      table.insert(slot);
      push(slot);
      live++;
      if (live > limits.maxFragmentSets || bytesHeld > limits.maxFragmentBytes) {
        saved.set(table.key);
        makeRoom(limits.maxFragmentSets, frame, time);
        table.key.set(saved);
      }
      return made;
    },
    add(p, offset, length, more, frame, src, from, to, time) {
      const slot = p.slot;
      const n = Math.max(0, to - from);
      if (form[slot] === EMPTY) {
        const at = store.place(src, from, to);
        if (at >= 0) {
          form[slot] = ONE;
          oneOffset[slot] = offset;
          oneLength[slot] = length;
          oneMore[slot] = more ? 1 : 0;
          oneFrame[slot] = frame;
          oneAt[slot] = at;
          oneBytes[slot] = n;
          bytesHeld += n;
          return 'added';
        }
      }
      const set = setAt(slot);
      const data = store.hold(src, from, to);
      const result = addPiece(set, { offset, length, more, frame, data }, time);
      if (result === 'duplicate') store.release(data);
      else bytesHeld += data.length;
      return result;
    },
    settle(p, frame, time) {
      const slot = p.slot;
      // A set of one piece (in the rows) is whole only when that piece starts it and is its last.
      const one = form[slot] === ONE;
      const set = one ? undefined : setAt(slot);
      if ((set ? set.pieces.length : 1) > limits.maxFragmentsPerDatagram) {
        onAnomaly(TOO_MANY, frame);
        end(slot, 'too-many-fragments', time);
      } else if (set ? isComplete(set) : oneOffset[slot] === 0 && oneMore[slot] === 0)
        end(slot, set && set.overlap !== 'none' ? 'overlap' : 'complete', time);
      else if (bytesHeld > limits.maxFragmentBytes) makeRoom(limits.maxFragmentSets - 1, frame, time);
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
