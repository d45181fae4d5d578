import type { Rule } from './types.js';
import { frameText, hex, sender } from './words.js';

/** FRAG-010: one Identification per fragmented packet, not reused for another packet recently (RFC 8200 §4.5). */
export const rule: Rule = {
  meta: {
    id: 'FRAG-010',
    title: 'Fragment Identification: shared within a packet, not reused recently',
    docs: 'a fragment Identification is not reused for a different packet within the 60 s window',
    rfc: [{ document: '8200', section: '§4.5' }],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      reused:
        'Identification {id} reused by the {sender} {seconds} s after an earlier fragmented packet to the same peer (frames {before}, then frames {after}) with different content: a receiver may splice the two (RFC 8200 §4.5)',
    },
  },
  create(context) {
    return {
      'outer-datagram'(e) {
        const d = e.datagram;
        const prev = d.previous;
        if (!prev || prev.hash === undefined || d.hash === undefined || prev.hash === d.hash) return;
        context.report({
          messageId: 'reused',
          data: {
            id: hex(d.id),
            sender: sender(d.dir),
            seconds: (d.set.firstTime - prev.time).toFixed(3),
            before: frameText(prev.frames),
            after: frameText(d.set.frames),
          },
          frames: [...prev.frames, ...d.set.frames],
          input: e.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
