import type { Rule } from './types.js';
import { ip6ToString } from '../codec/addr.js';
import type { Ip6Key } from '../codec/addr.js';
import { datagramText, INTO_TUNNEL, newTally, pairConfidence, SIDE_TEXT, tally, type Tally } from './two-point.js';
import { frameText, sender } from './words.js';

interface Seen {
  readonly tunnel: Tally;
  readonly other: number[];
  readonly example: string;
  ambiguous: boolean;
  readonly input: number;
  readonly otherInput: number;
}

/**
 * TTL-001: the encapsulator, forwarding as a router, decrements the inner TTL once before it
 * encapsulates (RFC 2473 §3.1(b), RFC 1812 §5.3.1): the tunnel's inner TTL is one below the
 * datagram's TTL where it arrived. TTL-002 judges the AFTR decapsulating.
 */
export const rule: Rule = {
  meta: {
    id: 'TTL-001',
    title: 'Encapsulator decrements inner TTL by one when forwarding',
    docs: "with `--lan` (the B4) or `--internet` (the AFTR): the encapsulator decrements the inner TTL once before it encapsulates (the tunnel's inner TTL below the datagram's TTL where it arrived)",
    rfc: [
      { document: '2473', section: '§3.1' },
      { document: '1812', section: '§5.3.1' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      notDecremented:
        'the {who} encapsulated {count} datagram(s) of B4 {b4} without decrementing their TTL, e.g. {example} (frames {frames} in the tunnel; {otherFrames} {where}): the encapsulator forwards as a router and decrements the inner TTL (RFC 2473 §3.1, RFC 1812 §5.3.1)',
    },
  },
  create(context) {
    // One finding per side and B4, with the count: an encapsulator that skips the decrement skips it every time.
    const seen = { lan: new Map<Ip6Key, Seen>(), internet: new Map<Ip6Key, Seen>() };
    return {
      pair(e) {
        // The pairs that show an encapsulation: datagrams going into the tunnel (up from the LAN, down from the Internet).
        if (e.dir !== INTO_TUNNEL[e.side] || e.tunnel.ttl < e.other.ttl) return;
        const b4 = e.tunnel.softwire.b4;
        const byB4 = seen[e.side];
        let s = byB4.get(b4);
        if (!s)
          byB4.set(
            b4,
            (s = {
              tunnel: newTally(),
              other: [],
              example: `${datagramText(e.tunnel)} with TTL ${e.other.ttl} on ${SIDE_TEXT[e.side]} and ${e.tunnel.ttl} in the tunnel`,
              ambiguous: true,
              input: e.tunnel.input,
              otherInput: e.other.input,
            }),
          );
        // Confirmed once one pairing is unambiguous.
        s.ambiguous &&= e.ambiguous;
        tally(s.tunnel, e.tunnel.frames);
        if (s.other.length < 64) s.other.push(...e.other.frames);
      },
      'correlation-end'(e) {
        for (const [b4, s] of seen[e.side])
          context.report({
            messageId: 'notDecremented',
            data: {
              who: sender(INTO_TUNNEL[e.side]),
              count: s.tunnel.count,
              b4: ip6ToString(b4),
              example: s.example,
              frames: frameText(s.tunnel.frames),
              otherFrames: frameText(s.other),
              where: `on ${SIDE_TEXT[e.side]}`,
            },
            frames: s.tunnel.frames,
            input: s.input,
            related: [{ input: s.otherInput, frames: s.other }],
            confidence: pairConfidence(s.ambiguous),
          });
        seen[e.side].clear();
      },
    };
  },
};
