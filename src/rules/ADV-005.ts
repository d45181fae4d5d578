import { ip4ToString, type Ip6Key } from '../codec/addr.js';
import { IPV6_LENGTH, IPV6_MIN_MTU, ip6Src } from '../codec/ipv6.js';
import { TCP_SYN } from '../codec/tcp.js';
import { createFifoMap } from '../track/fifo-map.js';
import type { Rule } from './types.js';
import { frameText, sender } from './words.js';

/** A segment larger than a minimum-MTU tunnel carries (catalogue §2.2: 1280 less 40) is one PMTUD must size. */
const FULL_SIZE = IPV6_MIN_MTU - IPV6_LENGTH;
/** Sent this many times (the first and three retransmissions, RFC 2923 §2.1) before it counts. */
const SENDS = 4;
/** A copy closer than this to the previous one is a duplicate in the capture, not a retransmission. */
const MIN_GAP = 0.05;
const HELD = 16384;

interface Segment {
  sends: number;
  last: number;
  readonly frames: number[];
  readonly size: number;
  readonly endpoint: Ip6Key;
  readonly src: number;
  readonly text: string;
  readonly dir: 'up' | 'down';
}

/**
 * ADV-005 (advisory): a full-size DF=1 TCP segment sent again and again, with no ICMPv4
 * Fragmentation Needed toward its source and no Packet Too Big toward the tunnel endpoint that
 * carried it anywhere in the capture, is what a PMTUD black hole looks like from the link
 * (RFC 2923 §2.1, RFC 8900 §3.8). Suspected, not shown: the loss may have another cause.
 */
export const rule: Rule = {
  meta: {
    id: 'ADV-005',
    title: 'Suspected PMTUD black hole',
    rfc: [
      { document: '2923', section: '§2.1' },
      { document: '8900', section: '§3.8' },
    ],
    level: 'advisory',
    kind: 'H',
    needs: ['T'],
    defaultSeverity: 'info',
    messages: {
      blackHole:
        '{count} full-size DF=1 TCP segments went through the softwire {sends} or more times each with no ICMPv4 Fragmentation Needed to their source and no ICMPv6 Packet Too Big to the {sender} in the capture, e.g. {example} (frames {frames}): a suspected PMTUD black hole, where a smaller MTU lies past the capture and its ICMP is lost or filtered (RFC 2923 §2.1, RFC 8900 §3.8)',
    },
  },
  create(context) {
    const segments = createFifoMap<string, Segment>();
    const ptbTo = new Set<Ip6Key>();
    const fragNeededTo = new Set<number>();
    return {
      'softwire-packet'(e) {
        const p = e.inner;
        const l4 = p?.l4;
        if (!p || l4?.kind !== 'tcp') {
          if (l4?.kind === 'icmp' && l4.hdr.type === 3 && l4.hdr.code === 4) fragNeededTo.add(p!.hdr.dst);
          return;
        }
        const h = p.hdr;
        if (!h.df || h.totalLength <= FULL_SIZE || (l4.flags & TCP_SYN) !== 0) return;
        const key = `${e.softwire.id}|${h.src}:${l4.srcPort}>${h.dst}:${l4.dstPort}|${l4.seq}`;
        const s = segments.get(key);
        if (!s) {
          segments.set(key, { sends: 1, last: e.meta.time, frames: [e.meta.frame], size: h.totalLength, endpoint: ip6Src(e.outer.hdr), src: h.src, dir: e.dir, text: `${h.totalLength} bytes from ${ip4ToString(h.src)}:${l4.srcPort} to ${ip4ToString(h.dst)}:${l4.dstPort}, sequence ${l4.seq >>> 0}` });
          if (segments.size > HELD) segments.delete(segments.oldest()![0]);
          return;
        }
        if (e.meta.time - s.last < MIN_GAP) return;
        s.sends++;
        s.last = e.meta.time;
        if (s.frames.length < SENDS * 2) s.frames.push(e.meta.frame);
      },
      'icmpv6-error'(e) {
        if (e.icmp.type === 2) ptbTo.add(ip6Src(e.quoted.hdr));
      },
      'input-end'(e) {
        const holes = segments.entries().filter(([, s]) => s.sends >= SENDS && !ptbTo.has(s.endpoint) && !fragNeededTo.has(s.src));
        segments.entries().forEach(([k]) => segments.delete(k));
        ptbTo.clear();
        fragNeededTo.clear();
        for (const dir of ['up', 'down'] as const) {
          const mine = holes.filter(([, s]) => s.dir === dir);
          if (!mine.length) continue;
          const first = mine[0]![1];
          context.report({
            messageId: 'blackHole',
            data: { count: mine.length, sends: SENDS, sender: sender(dir), example: `${first.text}, sent ${first.sends} times`, frames: frameText(first.frames) },
            frames: first.frames,
            input: e.input,
            confidence: 'possible',
          });
        }
      },
    };
  },
};
