import type { Rule } from './types.js';
import { hex, sender } from './words.js';

/** FRAG-007: every outer fragment fits the link MTU; data of non-last fragments is a multiple of 8 (RFC 8200 §4.5). */
export const rule: Rule = {
  meta: {
    id: 'FRAG-007',
    title: 'Outer fragments fit the path MTU; non-last fragment data multiple of 8',
    docs: 'every outer fragment fits the link MTU (`--mtu`); non-last fragment data a multiple of 8',
    rfc: [{ document: '8200', section: '§4.5' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      notMultipleOf8:
        'outer fragment (ID {id}, offset {offset}) carries {length} bytes with M=1, not a multiple of 8; a receiver discards it (RFC 8200 §4.5) — sent by the {sender}',
      overMtu:
        'outer fragment packet of {size} bytes (ID {id}, offset {offset}) exceeds the {mtu}-byte {dir} link MTU — sent by the {sender}',
    },
  },
  create(context) {
    return {
      'outer-fragment'(e) {
        const f = e.outer.frag;
        if (!f) return;
        const p = e.outer;
        const size = 40 + p.hdr.payloadLength;
        const length = p.offset + size - p.fragDataOffset;
        const mtu = context.config.mtu[e.dir];
        const odd = f.more && length % 8 !== 0;
        const over = mtu !== undefined && size > mtu;
        // Every outer fragment passes here: words and objects only for a finding.
        if (!odd && !over) return;
        const where = { frames: [e.meta.frame], input: e.meta.input, confidence: 'confirmed' as const };
        const base = { id: hex(f.id), offset: f.offset * 8, sender: sender(e.dir) };
        if (odd) context.report({ ...where, messageId: 'notMultipleOf8', data: { ...base, length } });
        if (over) context.report({ ...where, messageId: 'overMtu', data: { ...base, size, mtu, dir: e.dir } });
      },
    };
  },
};
