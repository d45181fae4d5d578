import { innerFragmentationRule } from './inner-fragmentation.js';

/** FRAG-003: the AFTR fragments after encapsulation, never the inner IPv4 packet, for tunnel reasons (RFC 6333 §6.3). */
export const rule = innerFragmentationRule(
  {
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
  'down',
  'possible',
);
