import type { Rule } from './types.js';
import { hex, sender } from './words.js';

/** FRAG-011: endpoints no longer generate atomic fragments (RFC 8200 §10, App. B; RFC 8021 §4). */
export const rule: Rule = {
  meta: {
    id: 'FRAG-011',
    title: 'No atomic fragments generated; received ones handled in isolation',
    docs: 'no atomic fragments (offset 0, M = 0); received ones are processed alone',
    rfc: [
      { document: '8200', section: '§10' },
      { document: '8200', section: 'App. B' },
      { document: '6946', section: '§4' },
      { document: '8021', section: '§4' },
    ],
    level: 'SHOULD NOT',
    kind: 'decidable/informational',
    needs: ['tunnel'],
    defaultSeverity: 'warning',
    messages: {
      atomic:
        'atomic fragment (Fragment header with offset 0 and M=0, ID {id}) sent by the {sender}: RFC 8200 no longer generates them and RFC 8021 deprecates them; often the result of a Packet Too Big below 1280 (MTU-003)',
    },
  },
  create(context) {
    return {
      'outer-fragment'(e) {
        const f = e.outer.frag;
        if (!f || f.offset !== 0 || f.more) return;
        context.report({
          messageId: 'atomic',
          data: { id: hex(f.id), sender: sender(e.dir) },
          frames: [e.meta.frame],
          input: e.meta.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
