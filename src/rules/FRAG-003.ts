import type { Rule } from './types.js';
import { describe, tunnelFragmentation } from './inner-fragmentation.js';

/** FRAG-003: the AFTR fragments after encapsulation, never the inner IPv4 packet, for tunnel reasons (RFC 6333 §6.3). */
export const rule: Rule = {
  meta: {
    id: 'FRAG-003',
    title: 'AFTR does not fragment the inner IPv4 packet for tunnel reasons',
    rfc: [{ document: '6333', section: '§6.3' }],
    level: 'MUST',
    kind: 'H',
    needs: ['T'],
    defaultSeverity: 'error',
    messages: {
      innerFragmented:
        'inner IPv4 datagram ({lr} bytes, ID {id}) fragmented before encapsulation into {sizes} bytes at frames {frames}; {why}: RFC 6333 §6.3 requires outer fragmentation (from the tunnel side alone fragmentation on the Internet path cannot be ruled out: give --internet to confirm)',
    },
  },
  create(context) {
    return {
      'inner-datagram'(e) {
        const d = e.datagram;
        if (d.dir !== 'down') return;
        const t = tunnelFragmentation(d, context.config, d.softwire[d.dir].telPackets > 0 ? 8 : 0);
        if (!t) return;
        context.report({ messageId: 'innerFragmented', data: describe(t, d), frames: t.frames, input: e.input, confidence: 'possible' });
      },
    };
  },
};
