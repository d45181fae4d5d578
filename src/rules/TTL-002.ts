import type { Rule } from './types.js';
import { ip6ToString } from '../codec/addr.js';
import type { Ip6Key } from '../codec/addr.js';
import { datagramText, newTally, tally, type Tally } from './two-point.js';
import { frameText } from './words.js';

interface Seen {
  readonly tunnel: Tally;
  readonly internet: number[];
  readonly example: string;
  readonly input: number;
  readonly otherInput: number;
}

/** TTL-002: the AFTR decrements the TTL of the datagrams it decapsulates and forwards (RFC 1812 §5.3.1). */
export const rule: Rule = {
  meta: {
    id: 'TTL-002',
    title: 'AFTR decrements TTL when forwarding decapsulated packets',
    docs: 'with `--internet`: the AFTR forwarded decapsulated datagrams without decrementing their TTL (one finding per B4, with the count)',
    rfc: [{ document: '1812', section: '§5.3.1' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      notDecremented:
        'the AFTR forwarded {count} datagram(s) from B4 {b4} without decrementing their TTL, e.g. {example} (frames {frames} in the tunnel; {internetFrames} on the Internet side): a router must decrement the TTL of what it forwards (RFC 1812 §5.3.1)',
    },
  },
  create(context) {
    // One finding per B4, with the count: a device that forgets the decrement forgets it for every packet.
    const byB4 = new Map<Ip6Key, Seen>();
    return {
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up' || e.other.ttl < e.tunnel.ttl) return;
        const b4 = e.tunnel.softwire.b4;
        let s = byB4.get(b4);
        if (!s)
          byB4.set(
            b4,
            (s = {
              tunnel: newTally(),
              internet: [],
              example: `${datagramText(e.tunnel)} with TTL ${e.tunnel.ttl} in the tunnel and ${e.other.ttl} on the Internet side`,
              input: e.tunnel.input,
              otherInput: e.other.input,
            }),
          );
        tally(s.tunnel, e.tunnel.frames);
        if (s.internet.length < 64) s.internet.push(...e.other.frames);
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        for (const [b4, s] of byB4)
          context.report({
            messageId: 'notDecremented',
            data: {
              count: s.tunnel.count,
              b4: ip6ToString(b4),
              example: s.example,
              frames: frameText(s.tunnel.frames),
              internetFrames: frameText(s.internet),
            },
            frames: s.tunnel.frames,
            input: s.input,
            related: [{ input: s.otherInput, frames: s.internet }],
            confidence: 'confirmed',
          });
        byB4.clear();
      },
    };
  },
};
