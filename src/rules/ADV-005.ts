import { ICMP6_PACKET_TOO_BIG } from '../codec/icmp.js';
import { ip4ToString, type Ip6Key } from '../codec/addr.js';
import { IPV6_LENGTH, IPV6_MIN_MTU, ip6Src } from '../codec/ipv6.js';
import { TCP_SYN } from '../codec/tcp.js';
import { flowHash } from './two-point.js';
import type { Rule } from './types.js';
import { frameText, sender } from './words.js';

/** A segment larger than a minimum-MTU tunnel carries (catalogue §2.2: 1280 less 40) is one PMTUD must size. */
const FULL_SIZE = IPV6_MIN_MTU - IPV6_LENGTH;
/** Sent this many times (the first and three retransmissions, RFC 2923 §2.1) before it counts. */
const SENDS = 4;
/** A copy closer than this to the previous one is a duplicate in the capture, not a retransmission. */
const MIN_GAP = 0.05;

/**
 * Each flow's latest full-size segment and how often it was sent, in a fixed table indexed by
 * the flow's hash (typed arrays: nothing allocated per packet, a bounded size however many
 * flows come). A black hole shows as the same segment sent again and again with nothing new in
 * between, so one slot per flow is enough; a flow that loses its slot to another starts over.
 */
const SLOTS = 1 << 16;
const FRAMES_KEPT = SENDS * 2;

/** A segment sent SENDS times, kept for the end of the input. */
interface Hole {
  readonly frames: number[];
  sends: number;
  readonly endpoint: Ip6Key;
  readonly src: number;
  readonly text: string;
  readonly dir: 'up' | 'down';
}

const HOLES_HELD = 1000;

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
    docs: 'a full-size DF=1 TCP segment sent four times or more with no Fragmentation Needed or Packet Too Big in the capture: a suspected PMTUD black hole (`possible`)',
    rfc: [
      { document: '2923', section: '§2.1' },
      { document: '8900', section: '§3.8' },
    ],
    level: 'advisory',
    kind: 'heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      blackHole:
        '{count} full-size DF=1 TCP segments went through the softwire {sends} or more times each with no ICMPv4 Fragmentation Needed to their source and no ICMPv6 Packet Too Big to the {sender} in the capture, e.g. {example} (frames {frames}): a suspected PMTUD black hole, where a smaller MTU lies past the capture and its ICMP is lost or filtered (RFC 2923 §2.1, RFC 8900 §3.8)',
    },
  },
  create(context) {
    const owner = new Int32Array(SLOTS).fill(-1);
    const seqs = new Int32Array(SLOTS);
    const sends = new Uint16Array(SLOTS);
    const last = new Float64Array(SLOTS);
    const frames = new Int32Array(SLOTS * FRAMES_KEPT);
    const holes = new Map<string, Hole>();
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
        const flow = flowHash(e.softwire.id, h.protocol, h.src, l4.srcPort, h.dst, l4.dstPort);
        const i = flow & (SLOTS - 1);
        const now = e.meta.time;
        if (owner[i] !== flow || seqs[i] !== l4.seq) {
          owner[i] = flow;
          seqs[i] = l4.seq;
          sends[i] = 1;
          last[i] = now;
          frames[i * FRAMES_KEPT] = e.meta.frame;
          return;
        }
        if (now - last[i]! < MIN_GAP) return;
        const n = ++sends[i]!;
        last[i] = now;
        if (n <= FRAMES_KEPT) frames[i * FRAMES_KEPT + n - 1] = e.meta.frame;
        if (n < SENDS) return;
        // Reached only by a segment sent SENDS times or more: rare, so a string key costs nothing.
        const key = `${flow}:${l4.seq}`;
        const hole = holes.get(key);
        if (hole && n > SENDS) {
          hole.sends = n;
          if (n <= FRAMES_KEPT) hole.frames.push(e.meta.frame);
          return;
        }
        if (n !== SENDS || holes.size >= HOLES_HELD) return;
        const text = `${h.totalLength} bytes from ${ip4ToString(h.src)}:${l4.srcPort} to ${ip4ToString(h.dst)}:${l4.dstPort}, sequence ${l4.seq >>> 0}`;
        holes.set(key, {
          frames: Array.from(frames.subarray(i * FRAMES_KEPT, i * FRAMES_KEPT + SENDS)),
          sends: n,
          endpoint: ip6Src(e.outer.hdr),
          src: h.src,
          text,
          dir: e.dir,
        });
      },
      'icmpv6-error'(e) {
        if (e.icmp.type === ICMP6_PACKET_TOO_BIG) ptbTo.add(ip6Src(e.quoted.hdr));
      },
      'input-end'(e) {
        const found = [...holes.values()].filter((s) => !ptbTo.has(s.endpoint) && !fragNeededTo.has(s.src));
        holes.clear();
        owner.fill(-1);
        ptbTo.clear();
        fragNeededTo.clear();
        for (const dir of ['up', 'down'] as const) {
          const mine = found.filter((s) => s.dir === dir);
          if (!mine.length) continue;
          const first = mine[0]!;
          context.report({
            messageId: 'blackHole',
            data: {
              count: mine.length,
              sends: SENDS,
              sender: sender(dir),
              example: `${first.text}, sent ${first.sends} times`,
              frames: frameText(first.frames),
            },
            frames: [...first.frames],
            input: e.input,
            confidence: 'possible',
          });
        }
      },
    };
  },
};
