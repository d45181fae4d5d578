import type { Ip6Key } from '../codec/addr.js';
import type { SoftwirePacketEvent } from '../track/events.js';

/** An up datagram that reached the AFTR with TTL 1, and the Time Exceeded that answered it, if any. */
export interface Expiry {
  readonly b4: Ip6Key;
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly frame: number;
  readonly time: number;
  readonly input: number;
  /** The answering ICMPv4 Time Exceeded: its source and frame. */
  answer: { readonly src: number; readonly frame: number } | undefined;
}

/** How long after the expiring datagram its Time Exceeded may come. */
const ANSWER_WINDOW = 2;
const HELD = 1000;

/**
 * Pairs up datagrams whose inner TTL was 1 when they reached the AFTR with the ICMPv4 Time
 * Exceeded the AFTR sent down the same softwire quoting them (catalogue ICMP-005, ADDR-002).
 * Per packet it reads two header fields; the state is the expiring datagrams only (bounded).
 */
export function createTtlExpiryWatch(): {
  see(e: SoftwirePacketEvent): void;
  all(): readonly Expiry[];
  readonly dropped: () => number;
} {
  const list: Expiry[] = [];
  let dropped = 0;
  return {
    see(e) {
      const p = e.inner;
      if (!p) return;
      const h = p.hdr;
      if (e.dir === 'up') {
        if (h.ttl > 1 || h.fragOffset > 0) return;
        if (list.length >= HELD) {
          dropped++;
          return;
        }
        list.push({
          b4: e.softwire.b4,
          src: h.src,
          dst: h.dst,
          protocol: h.protocol,
          id: h.id,
          frame: e.meta.frame,
          time: e.meta.time,
          input: e.meta.input,
          answer: undefined,
        });
        return;
      }
      const l4 = p.l4;
      if (l4?.kind !== 'icmp' || l4.hdr.type !== 11 || l4.hdr.code !== 0 || !l4.quoted) return;
      const q = l4.quoted.hdr;
      for (const x of list)
        if (
          !x.answer &&
          x.input === e.meta.input &&
          x.b4 === e.softwire.b4 &&
          x.src === q.src &&
          x.dst === q.dst &&
          x.protocol === q.protocol &&
          x.id === q.id &&
          e.meta.time - x.time <= ANSWER_WINDOW
        ) {
          x.answer = { src: h.src, frame: e.meta.frame };
          return;
        }
    },
    all: () => list,
    dropped: () => dropped,
  };
}
