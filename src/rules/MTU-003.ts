import { ip6ToString } from '../codec/addr.js';
import { ip6Dst, ip6Src, IPV6_MIN_MTU, type Ipv6Header } from '../codec/ipv6.js';
import type { Rule } from './types.js';

interface Ptb {
  readonly mtu: number;
  readonly frame: number;
  readonly input: number;
  over: number;
  firstOver: number;
  biggest: number;
  reported: boolean;
}

const pairKey = (h: Ipv6Header): string => `${h.s0},${h.s1},${h.s2},${h.s3},${h.d0},${h.d1},${h.d2},${h.d3}`;

/** MTU-003: an endpoint follows a Packet Too Big about its tunnel packets, and ignores one below 1280 (RFC 8201 §4). */
export const rule: Rule = {
  meta: {
    id: 'MTU-003',
    title: 'Tunnel MTU follows PTB; never reduced below 1280',
    docs: 'after an ICMPv6 Packet Too Big about its tunnel packets, an endpoint sends no larger packets (after 3 in flight); one below 1280 is ignored (no atomic or sub-1280 fragments)',
    rfc: [
      { document: '2473', section: '§6.7' },
      { document: '2473', section: '§8.1' },
      { document: '8201', section: '§4' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      ignored:
        'after an ICMPv6 Packet Too Big reporting MTU {mtu} for its tunnel packets to {peer} (frame {ptb}), {endpoint} still sent {n} larger packets (from frame {first}, up to {biggest} bytes); RFC 2473 §8.1 adjusts the tunnel MTU to it',
      belowMinimum:
        'after an ICMPv6 Packet Too Big reporting MTU {mtu}, below the IPv6 minimum (frame {ptb}), {endpoint} sent {what} at frame {frame}; RFC 8201 §4 ignores such a Packet Too Big and never goes below 1280',
    },
    options: {
      grace: {
        description: 'larger packets tolerated after a Packet Too Big (already in flight when it arrived)',
        default: 3,
        minimum: 0,
        maximum: 1000,
      },
    },
  },
  create(context) {
    const grace = context.options['grace'] ?? 3;
    /** (endpoint, peer) → the latest Packet Too Big it was sent. */
    const ptbs = new Map<string, Ptb>();
    return {
      'icmpv6-error'(e) {
        if (e.icmp.type !== 2) return;
        const q = e.quoted.hdr;
        ptbs.set(pairKey(q), {
          mtu: e.icmp.rest >>> 0,
          frame: e.meta.frame,
          input: e.meta.input,
          over: 0,
          firstOver: 0,
          biggest: 0,
          reported: false,
        });
      },
      'softwire-packet'(e) {
        if (ptbs.size === 0) return;
        const h = e.outer.hdr;
        const t = ptbs.get(pairKey(h));
        if (!t || t.reported || t.input !== e.meta.input) return;
        const endpoint = ip6ToString(ip6Src(h));
        const where = { input: e.meta.input, confidence: 'confirmed' as const };
        if (t.mtu < IPV6_MIN_MTU) {
          const f = e.outer.frag;
          const size = 40 + h.payloadLength;
          const what =
            f && f.offset === 0 && !f.more
              ? 'an atomic fragment'
              : f && f.more && size < IPV6_MIN_MTU
                ? `a ${size}-byte fragment`
                : undefined;
          if (!what) return;
          t.reported = true;
          context.report({
            ...where,
            messageId: 'belowMinimum',
            data: { mtu: t.mtu, ptb: t.frame, endpoint, what, frame: e.meta.frame },
            frames: [t.frame, e.meta.frame],
          });
          return;
        }
        const size = 40 + h.payloadLength;
        if (size <= t.mtu) return;
        if (t.over++ === 0) t.firstOver = e.meta.frame;
        t.biggest = Math.max(t.biggest, size);
        if (t.over > grace) {
          t.reported = true;
          context.report({
            ...where,
            messageId: 'ignored',
            data: {
              mtu: t.mtu,
              peer: ip6ToString(ip6Dst(h)),
              ptb: t.frame,
              endpoint,
              n: t.over,
              first: t.firstOver,
              biggest: t.biggest,
            },
            frames: [t.frame, t.firstOver, e.meta.frame],
          });
        }
      },
    };
  },
};
