import { gaps } from '../track/reassembly.js';
import type { Rule } from './types.js';
import { frameText, hex, receiver, sender } from './words.js';

/** FRAG-012: fragment sets that never complete (RFC 8200 §4.5: abandoned after 60 s). Informational. */
export const rule: Rule = {
  meta: {
    id: 'FRAG-012',
    title: 'Incomplete fragment sets: 60 s reassembly timeout, ICMPv6 Time Exceeded code 1',
    docs: 'fragment sets that never complete (60 s, capture time), with the missing byte ranges',
    rfc: [{ document: '8200', section: '§4.5' }],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    messages: {
      timeout:
        'outer fragment set ID {id} from the {sender} (frames {frames}) still lacked bytes {missing} after 60 s: capture loss or network loss; the {receiver} abandons it (RFC 8200 §4.5) and, having the first fragment, should send ICMPv6 Time Exceeded code 1',
      endOfCapture:
        'outer fragment set ID {id} from the {sender} (frames {frames}) lacked bytes {missing} when the capture ended',
    },
  },
  create(context) {
    return {
      'outer-datagram'(e) {
        const d = e.datagram;
        if (d.status !== 'timeout' && d.status !== 'end-of-capture') return;
        if (context.atLimit(e.input, d.set.frames)) return context.suppress(1);
        const missing = gaps(d.set)
          .map(([a, b]) => `${a}–${b === undefined ? 'end' : b - 1}`)
          .join(', ');
        context.report({
          messageId: d.status === 'timeout' ? 'timeout' : 'endOfCapture',
          data: {
            id: hex(d.id),
            sender: sender(d.dir),
            receiver: receiver(d.dir),
            frames: frameText(d.set.frames),
            missing,
          },
          frames: d.set.frames,
          input: e.input,
          confidence: 'possible',
        });
      },
    };
  },
};
