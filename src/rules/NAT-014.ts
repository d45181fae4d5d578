import type { Rule, RuleContext } from './types.js';
import type { PairEvent } from '../track/events.js';
import { ip4ToString, ip6ToString, type Ip6Key } from '../codec/addr.js';
import { datagramText, pairEvidence } from './two-point.js';
import { frameText, hex } from './words.js';
import { createIntTable } from '../track/int-table.js';

/** RFC 6864 §4.3: the maximum datagram lifetime within which an ID must not repeat. */
const LIFETIME = 120;
/** Uses remembered (oldest forgotten first): a bound on memory whatever the traffic. */
const HELD = 1 << 16;
/** Ring slots: a use replaced by a later one of its key leaves its slot dead until the ring is compacted. */
const RING = 2 * HELD;
/** Key: source, destination, and protocol with the Identification. */
const KEY_WIDTH = 3;

/** The ring's rows, empty: keys, times, which slots hold a use, and each use's B4 and frames. */
function emptyRing() {
  return {
    keys: new Int32Array(RING * KEY_WIDTH),
    times: new Float64Array(RING),
    alive: new Uint8Array(RING),
    b4s: new Array<Ip6Key | undefined>(RING).fill(undefined),
    frames: new Array<readonly number[] | undefined>(RING).fill(undefined),
  };
}

/** NAT-014: the AFTR does not send two non-atomic datagrams with one Identification per (source, destination, protocol) within 120 s for different subscribers (RFC 6864 §4.3, §5.3.1). */
export const rule: Rule = {
  meta: {
    id: 'NAT-014',
    title: 'IPv4 ID of translated non-atomic datagrams not repeated per (src,dst,proto)',
    docs: 'with `--internet`: two non-atomic datagrams of different subscribers leave with one IPv4 ID for the same (source, destination, protocol) within 120 s, `likely`',
    rfc: [
      { document: '6864', section: '§5.3.1' },
      { document: '7857', section: '§10' },
    ],
    level: 'MUST',
    kind: 'heuristic',
    needs: ['internet', 'tunnel'],
    defaultSeverity: 'error',
    messages: {
      repeated:
        "{what} from B4 {b4} left the AFTR with ID {id}, which {external} → {dst} had used {gap} s before for B4 {previous} (frames {previousFrames} on the Internet side), both non-atomic: a destination may reassemble one subscriber's fragments with another's; an address-sharing device must choose IDs as if it sourced the datagrams (RFC 6864 §5.3.1)",
    },
  },
  create(context) {
    // The ring (a few MB) is made at the first Internet-side pair: a check of one capture makes none.
    let judge: ((e: PairEvent) => void) | undefined;
    return {
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up') return;
        (judge ??= judgeRepeats(context))(e);
      },
    };
  },
};

/** The judge of up pairs: remembers each (source, destination, protocol, ID) use and reports a repeat for another B4. */
function judgeRepeats(context: RuleContext): (e: PairEvent) => void {
  // The last use of each (source, destination, protocol, ID), the oldest forgotten first, in
  // typed-array rows of a ring with an int-keyed index: as objects in an insertion-ordered
  // map the 65,536 uses took about 20 MB of a two-point check's heap, promoted and replaced
  // continuously; as rows, a few MB and nothing allocated per datagram.
  const index = createIntTable(KEY_WIDTH, HELD);
  let { keys, times, alive, b4s, frames } = emptyRing();
  let head = 0;
  let span = 0;
  let live = 0;
  const reported = new Set<string>();

  const kill = (slot: number): void => {
    alive[slot] = 0;
    b4s[slot] = undefined;
    frames[slot] = undefined;
    live--;
  };
  const dropDeadFront = (): void => {
    while (span > 0 && !alive[head]) {
      head = (head + 1) % RING;
      span--;
    }
  };
  /** Runs `f` with the index's scratch key kept (forgetting and compacting use it). */
  const saved = new Int32Array(KEY_WIDTH);
  const keepingKey = (f: () => void): void => {
    // One scratch array, not a copy per call: past HELD uses every pair forgets the oldest.
    saved.set(index.key);
    f();
    index.key.set(saved);
  };
  const forgetOldest = (): void => {
    dropDeadFront();
    index.loadKey(keys, head * KEY_WIDTH);
    index.remove();
    kill(head);
    dropDeadFront();
  };
  /** Moves the live rows, in order, to the front of a fresh ring and indexes them again. */
  const compact = (): void => {
    const fresh = emptyRing();
    let to = 0;
    for (let n = 0, from = head; n < span; n++, from = (from + 1) % RING) {
      if (!alive[from]) continue;
      fresh.keys.set(keys.subarray(from * KEY_WIDTH, (from + 1) * KEY_WIDTH), to * KEY_WIDTH);
      fresh.times[to] = times[from]!;
      fresh.alive[to] = 1;
      fresh.b4s[to] = b4s[from];
      fresh.frames[to] = frames[from];
      index.loadKey(keys, from * KEY_WIDTH);
      index.remove();
      to++;
    }
    ({ keys, times, alive, b4s, frames } = fresh);
    head = 0;
    span = to;
    for (let slot = 0; slot < span; slot++) {
      index.loadKey(keys, slot * KEY_WIDTH);
      index.insert(slot);
    }
  };
  /** Remembers the use whose key is in `index.key`, replacing `previous` (its slot, or -1): it goes to the back. */
  const remember = (previous: number, time: number, b4: Ip6Key, f: readonly number[]): void => {
    if (previous >= 0) {
      index.remove();
      kill(previous);
      dropDeadFront();
    } else if (live >= HELD) keepingKey(forgetOldest);
    if (span === RING) keepingKey(compact);
    const slot = (head + span) % RING;
    span++;
    live++;
    keys.set(index.key, slot * KEY_WIDTH);
    times[slot] = time;
    b4s[slot] = b4;
    frames[slot] = f;
    alive[slot] = 1;
    index.insert(slot);
  };

  return (e) => {
    const o = e.other;
    // Atomic datagrams (DF=1, unfragmented) are exempt (RFC 6864 §4).
    if (o.df && !o.fragments) return;
    const b4 = e.tunnel.softwire.b4;
    const k = index.key;
    k[0] = o.src;
    k[1] = o.dst;
    k[2] = (o.protocol << 16) | o.id;
    const prev = index.get();
    if (prev >= 0 && b4s[prev] !== b4 && o.time - times[prev]! < LIFETIME) {
      const once = `${o.src}|${o.dst}|${o.protocol}|${o.id}|${b4}`;
      if (!reported.has(once)) {
        reported.add(once);
        const previous = frames[prev]!;
        context.report({
          messageId: 'repeated',
          data: {
            what: datagramText(e.tunnel),
            b4: ip6ToString(b4),
            id: hex(o.id, 4),
            external: ip4ToString(o.src),
            dst: ip4ToString(o.dst),
            gap: (o.time - times[prev]!).toFixed(3),
            previous: ip6ToString(b4s[prev]!),
            previousFrames: frameText(previous),
          },
          ...pairEvidence(e),
          related: [{ input: o.input, frames: [...previous, ...o.frames] }],
          // The ID was copied or chosen by the AFTR: visible, but whether a destination was hurt is not.
          confidence: 'likely',
        });
      }
    }
    remember(prev, o.time, b4, o.frames);
  };
}
