import type { Rule } from './types.js';
import { ip6ToString } from '../codec/addr.js';
import { createPairCounts, FROM_TUNNEL, pairConfidence, SIDE_TEXT } from './two-point.js';
import { pairText } from './traffic-class.js';
import { frameText, receiver } from './words.js';

const dscp = (byte: number): number => byte >> 2;

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
    docs: 'with `--internet` (the AFTR) or `--lan` (the B4): the decapsulator carries the outer DSCP back to the IPv4 header ("and vice versa")',
    rfc: [
      { document: '6333', section: '§7.1' },
      { document: '2983', section: '§3.1' },
      { document: '6908', section: '§2.10' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      notCarried:
        'the {who} did not carry the outer DSCP back to the IPv4 header of {count} datagram(s) of B4 {b4} (outer DSCP in the tunnel → DSCP on {side}: {pairs}; frames {frames} in the tunnel, {otherFrames} on {side}); RFC 6333 §7.1: carried over to the IPv6 header and vice versa',
    },
  },
  create(context) {
    const counts = createPairCounts();
    return {
      pair(e) {
        const outerTc = e.tunnel.outerTrafficClass;
        if (e.dir !== FROM_TUNNEL[e.side] || outerTc < 0 || dscp(outerTc) === dscp(e.other.tos)) return;
        counts.note(e, (dscp(outerTc) << 8) | dscp(e.other.tos));
      },
      'correlation-end'(e) {
        for (const [b4, s] of counts.take(e.side))
          context.report({
            messageId: 'notCarried',
            data: {
              who: receiver(FROM_TUNNEL[e.side]),
              count: s.count,
              b4: ip6ToString(b4),
              side: SIDE_TEXT[e.side],
              pairs: pairText(s.pairs, String),
              frames: frameText(s.frames),
              otherFrames: frameText(s.other),
            },
            frames: s.frames,
            input: s.input,
            related: [{ input: s.otherInput, frames: s.other }],
            confidence: pairConfidence(s.ambiguous),
          });
      },
    };
  },
};
