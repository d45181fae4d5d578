import type { Rule } from './types.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { createTtlExpiryWatch } from './ttl-expiry.js';

const AFTR_ADDRESS = 0xc0000001 | 0; // 192.0.0.1

/** ADDR-002: the AFTR sources the ICMPv4 it sends into a softwire from 192.0.0.1 (RFC 6333 §6.5). */
export const rule: Rule = {
  meta: {
    id: 'ADDR-002',
    title: "AFTR's own IPv4 (ICMP source into the tunnel) is 192.0.0.1",
    docs: "the AFTR's Time Exceeded for such a datagram has a source other than 192.0.0.1",
    rfc: [{ document: '6333', section: '§6.5' }],
    level: 'SHOULD',
    kind: 'heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'warning',
    scope: 'capture',
    messages: {
      otherSource:
        'the AFTR answered the TTL-1 datagram of B4 {b4} (frame {frame}) with a Time Exceeded from {source} (frame {answer}): its own IPv4 address into the softwire should be 192.0.0.1 (RFC 6333 §6.5)',
    },
  },
  create(context) {
    const watch = createTtlExpiryWatch();
    return {
      'softwire-packet': watch.see,
      'input-end'(e) {
        for (const x of watch.all())
          if (x.input === e.input && x.answer && x.answer.src !== AFTR_ADDRESS)
            context.report({
              messageId: 'otherSource',
              data: {
                b4: ip6ToString(x.b4),
                frame: x.frame,
                source: ip4ToString(x.answer.src),
                answer: x.answer.frame,
              },
              frames: [x.frame, x.answer.frame],
              input: x.input,
              // The answer quotes the expired datagram: the AFTR made it, whatever the Internet side shows.
              confidence: 'likely',
            });
      },
    };
  },
};
