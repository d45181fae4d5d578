import { EXTENSION_TYPES } from '../codec/ipv6-ext.js';
import { NH_IPV4 } from '../codec/ipv6.js';
import type { Rule } from './types.js';
import type { OuterFragmentEvent } from '../track/events.js';
import { hex, sender } from './words.js';

/** Where a finding on this fragment points (built only for a finding: every first fragment passes here). */
const where = (e: OuterFragmentEvent): { frames: number[]; input: number; confidence: 'confirmed' } => ({
  frames: [e.meta.frame],
  input: e.meta.input,
  confidence: 'confirmed',
});

/** FRAG-009: the first fragment holds the whole header chain, inner IPv4 header included (RFC 7112 §5). */
export const rule: Rule = {
  meta: {
    id: 'FRAG-009',
    title: 'First fragment carries the whole header chain incl. the inner IPv4 header',
    docs: 'the first fragment carries the whole header chain including the inner IPv4 header',
    rfc: [
      { document: '7112', section: '§5' },
      { document: '8200', section: '§4.5' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      innerCut:
        'first outer fragment (ID {id}) ends {have} bytes into the {need}-byte inner IPv4 header; RFC 7112 §5 requires the whole header chain in the first fragment — sent by the {sender}',
      chainCut:
        'first outer fragment (ID {id}) ends inside its extension header chain (next header {nh}); RFC 7112 §5 requires the whole chain in the first fragment — sent by the {sender}',
    },
  },
  create(context) {
    return {
      'outer-fragment'(e) {
        const p = e.outer;
        const f = p.frag;
        if (!f || f.offset !== 0 || !f.more) return;
        const wireEnd = p.offset + 40 + p.hdr.payloadLength;
        if (p.upper === NH_IPV4) {
          const need = Math.max(20, ((p.innerLead ?? 0x45) & 15) * 4);
          const have = wireEnd - p.upperOffset;
          if (have < need)
            context.report({
              ...where(e),
              messageId: 'innerCut',
              data: { id: hex(f.id), have: Math.max(0, have), need, sender: sender(e.dir) },
            });
        } else if (EXTENSION_TYPES.has(p.upper) && p.upperOffset >= wireEnd) {
          context.report({
            ...where(e),
            messageId: 'chainCut',
            data: { id: hex(f.id), nh: p.upper, sender: sender(e.dir) },
          });
        }
      },
    };
  },
};
