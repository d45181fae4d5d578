import type { Rule } from './types.js';
import { frameText, hex, sender } from './words.js';

/**
 * TUN-002: Payload Length = inner Total Length + X (X = extension-header bytes before the
 * inner header), for unfragmented tunnel packets and for reassembled ones (RFC 8200 §4.5
 * reassembly formula: the reassembled packet's Payload Length).
 */
export const rule: Rule = {
  meta: {
    id: 'TUN-002',
    title: 'Outer Payload Length consistent with inner Total Length',
    docs: 'Payload Length = inner Total Length + extension headers, for whole and for reassembled tunnel packets',
    rfc: [
      { document: '2473', section: '§5' },
      { document: '8200', section: '§3' },
    ],
    level: 'format',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      reassembled:
        'reassembled tunnel packet (ID {id}, frames {frames}) has Payload Length {pl} but inner IPv4 Total Length {tl} + {x} bytes of extension headers = {expected} (sent by the {sender})',
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
      'outer-datagram'(e) {
        const d = e.datagram;
        const p = d.reassembled?.net;
        if (d.status !== 'complete' || p?.kind !== 'ip6' || !p.inner) return;
        const x = p.inner.offset - p.offset - 40;
        const expected = p.inner.hdr.totalLength + x;
        if (p.hdr.payloadLength === expected) return;
        context.report({
          messageId: 'reassembled',
          data: {
            id: hex(d.id),
            frames: frameText(d.set.frames),
            pl: p.hdr.payloadLength,
            tl: p.inner.hdr.totalLength,
            x,
            expected,
            sender: sender(d.dir),
          },
          frames: d.set.frames,
          input: e.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
