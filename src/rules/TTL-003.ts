import type { Rule } from './types.js';
import { datagramText, pairConfidence } from './two-point.js';
import { frameText, sender } from './words.js';

const LISTED = 10;

/**
 * TTL-003: a datagram whose TTL reached zero is never forwarded (RFC 1812 §5.3.1). In the
 * tunnel an inner TTL 0 shows its encapsulator forwarded one (no host sends TTL 0); with the
 * Internet side, a datagram leaving the AFTR with TTL 0 shows the AFTR did.
 */
export const rule: Rule = {
  meta: {
    id: 'TTL-003',
    title: 'Inner TTL 0 is never forwarded',
    docs: 'no datagram is forwarded with TTL 0: an inner TTL 0 in the tunnel (its sender forwarded it), and with `--internet` a datagram leaving the AFTR with TTL 0',
    rfc: [{ document: '1812', section: '§5.3.1' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    scope: 'capture',
    messages: {
      inTunnel:
        'the {sender} forwarded {count} {dir} datagram(s) into the softwire with TTL 0 (frames {frames}): a router must not forward a datagram whose TTL reached zero, it discards it and sends Time Exceeded (RFC 1812 §5.3.1)',
      decapsulated:
        'the AFTR forwarded {example} onto the Internet side with TTL 0 (frames {frames} in the tunnel; {otherFrames} on the Internet side): it had TTL {ttl} in the tunnel and must have been discarded (RFC 1812 §5.3.1)',
    },
  },
  create(context) {
    const zero = { up: [] as number[], down: [] as number[] };
    const count = { up: 0, down: 0 };
    return {
      'softwire-packet'(e) {
        if (e.inner?.hdr.ttl !== 0) return;
        count[e.dir]++;
        if (zero[e.dir].length < LISTED) zero[e.dir].push(e.meta.frame);
      },
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          if (count[dir] > 0)
            context.report({
              messageId: 'inTunnel',
              data: { sender: sender(dir), count: count[dir], dir, frames: frameText(zero[dir]) },
              frames: zero[dir],
              input: e.input,
              confidence: 'confirmed',
            });
          zero[dir] = [];
          count[dir] = 0;
        }
      },
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up' || e.other.ttl !== 0 || e.tunnel.ttl === 0) return;
        context.report({
          messageId: 'decapsulated',
          data: {
            example: datagramText(e.tunnel),
            frames: frameText(e.tunnel.frames),
            otherFrames: frameText(e.other.frames),
            ttl: e.tunnel.ttl,
          },
          frames: e.tunnel.frames,
          input: e.tunnel.input,
          related: [{ input: e.other.input, frames: e.other.frames }],
          confidence: pairConfidence(e.ambiguous),
          softwire: e.tunnel.softwire,
        });
      },
    };
  },
};
