import type { Rule } from './types.js';
import { receiver } from './words.js';

/** FRAG-013: the receiving endpoint must reassemble tunnel packets larger than RFC 8200's 1500-byte minimum. Advisory. */
export const rule: Rule = {
  meta: {
    id: 'FRAG-013',
    title: 'Reassembly capacity ≥ largest tunnel packet (1540/1548)',
    rfc: [
      { document: '8200', section: '§5' },
      { document: '4213', section: '§3.6' },
    ],
    level: 'advisory',
    kind: 'I',
    needs: ['T', 'N'],
    defaultSeverity: 'info',
    messages: {
      capacity:
        'the {receiver} must reassemble {dir} tunnel packets of up to {size} bytes ({sets} fragmented); RFC 8200 §5 obliges a node to reassemble only 1500, so the {receiver} needs a larger reassembly capacity (RFC 4213 §3.6 by analogy)',
    },
  },
  create(context) {
    const fresh = () => ({ size: 0, sets: 0, frames: [] as number[] });
    let seen = { up: fresh(), down: fresh() };
    return {
      'outer-datagram'(e) {
        const d = e.datagram;
        const p = d.reassembled?.net;
        if (d.status !== 'complete' || p?.kind !== 'ip6') return;
        const s = seen[d.dir];
        const size = 40 + p.hdr.payloadLength;
        s.sets++;
        if (size > s.size) {
          s.size = size;
          s.frames = [...d.set.frames];
        }
      },
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          const s = seen[dir];
          if (s.size > 1500) context.report({ messageId: 'capacity', data: { receiver: receiver(dir), dir, size: s.size, sets: s.sets }, frames: s.frames, input: e.input, confidence: 'confirmed' });
        }
        seen = { up: fresh(), down: fresh() };
      },
    };
  },
};
