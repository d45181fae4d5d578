import type { Rule } from './types.js';
import { ip6ToString, type Ip6Key } from '../codec/addr.js';
import { FROM_TUNNEL, pairConfidence, SIDE_TEXT } from './two-point.js';
import { pairText } from './traffic-class.js';
import { frameText, receiver } from './words.js';

interface Seen {
  readonly frames: number[];
  readonly other: number[];
  readonly pairs: Map<number, number>;
  count: number;
  ambiguous: boolean;
  readonly input: number;
  readonly otherInput: number;
}

const dscp = (byte: number): number => byte >> 2;
const LISTED = 20;

/**
 * QOS-002: the decapsulator carries the outer DSCP back to the inner header ("and vice versa",
 * RFC 6333 §7.1; RFC 2983 §3.1's uniform model): the AFTR for up datagrams (with --internet),
 * the B4 for down ones (with --lan). Compared: the outer Traffic Class in the tunnel against the
 * TOS on the other side.
 */
export const rule: Rule = {
  meta: {
    id: 'QOS-002',
    title: 'Outer DSCP carried back to the inner header at decapsulation ("and vice versa")',
    rfc: [
      { document: '6333', section: '§7.1' },
      { document: '2983', section: '§3.1' },
      { document: '6908', section: '§2.10' },
    ],
    level: 'MUST',
    kind: 'D',
    needs: ['T', 'N', 'L'],
    defaultSeverity: 'error',
    messages: {
      notCarried:
        'the {who} did not carry the outer DSCP back to the IPv4 header of {count} datagram(s) of B4 {b4} (outer DSCP in the tunnel → DSCP on {side}: {pairs}; frames {frames} in the tunnel, {otherFrames} on {side}); RFC 6333 §7.1: carried over to the IPv6 header and vice versa',
    },
  },
  create(context) {
    const seen = { lan: new Map<Ip6Key, Seen>(), internet: new Map<Ip6Key, Seen>() };
    return {
      pair(e) {
        const outerTc = e.tunnel.outerTrafficClass;
        if (e.dir !== FROM_TUNNEL[e.side] || outerTc < 0 || dscp(outerTc) === dscp(e.other.tos)) return;
        const byB4 = seen[e.side];
        const b4 = e.tunnel.softwire.b4;
        let s = byB4.get(b4);
        if (!s) byB4.set(b4, (s = { frames: [], other: [], pairs: new Map(), count: 0, ambiguous: true, input: e.tunnel.input, otherInput: e.other.input }));
        s.count++;
        s.ambiguous &&= e.ambiguous;
        const key = (dscp(outerTc) << 8) | dscp(e.other.tos);
        s.pairs.set(key, (s.pairs.get(key) ?? 0) + 1);
        if (s.frames.length < LISTED) s.frames.push(...e.tunnel.frames);
        if (s.other.length < LISTED) s.other.push(...e.other.frames);
      },
      'correlation-end'(e) {
        for (const [b4, s] of seen[e.side])
          context.report({
            messageId: 'notCarried',
            data: { who: receiver(FROM_TUNNEL[e.side]), count: s.count, b4: ip6ToString(b4), side: SIDE_TEXT[e.side], pairs: pairText(s.pairs, String), frames: frameText(s.frames), otherFrames: frameText(s.other) },
            frames: s.frames,
            input: s.input,
            related: [{ input: s.otherInput, frames: s.other }],
            confidence: pairConfidence(s.ambiguous),
          });
        seen[e.side].clear();
      },
    };
  },
};
