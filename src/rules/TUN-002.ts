import type { Rule } from './types.js';

/**
 * TUN-002: for an unfragmented tunnel packet, Payload Length = inner Total Length + X
 * (X = extension-header bytes before the inner header). Fragmented tunnel packets are
 * checked on the reassembled packet by the reassembly stage.
 */
export const rule: Rule = {
  meta: {
    id: 'TUN-002',
    title: 'Outer Payload Length consistent with inner Total Length',
    rfc: [
      { document: '2473', section: '§5' },
      { document: '8200', section: '§3' },
    ],
    level: 'format',
    kind: 'D',
    needs: ['T'],
    defaultSeverity: 'error',
    messages: {
      mismatch:
        'outer Payload Length {pl} but inner IPv4 Total Length {tl} + {x} bytes of extension headers = {expected} ({dir}, sent by the {sender})',
    },
  },
  create(context) {
    return {
      'softwire-packet'(e) {
        const inner = e.inner;
        if (!inner || e.outer.frag) return;
        const x = inner.offset - e.outer.offset - 40;
        const expected = inner.hdr.totalLength + x;
        const pl = e.outer.hdr.payloadLength;
        if (pl === expected) return;
        context.report({
          messageId: 'mismatch',
          data: { pl, tl: inner.hdr.totalLength, x, expected, dir: e.dir, sender: e.dir === 'up' ? 'B4' : 'AFTR' },
          frames: [e.meta.frame],
          input: e.meta.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
