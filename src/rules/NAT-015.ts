import type { Rule } from './types.js';
import { datagramText, fragmentSizes, pairEvidence } from './two-point.js';
import { frameText } from './words.js';

/** NAT-015: the NAT honours DF on its IPv4 egress — a DF=1 datagram is never sent as fragments (RFC 5508 §7.1.1, RFC 4787 REQ-13). */
export const rule: Rule = {
  meta: {
    id: 'NAT-015',
    title: 'NAT honours DF on its IPv4 egress (ICMP 3/4 or fragment)',
    docs: 'with `--internet`: a DF=1 datagram that left the tunnel whole was sent to the Internet as fragments',
    rfc: [
      { document: '5508', section: '§7.1.1' },
      { document: '4787', section: 'REQ-13' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      dfFragmented:
        '{what} left the tunnel whole with DF=1 (frames {tunnelFrames}) and the AFTR sent it to the Internet as {n} fragments of {sizes} bytes with DF=1 (frames {internetFrames}): a DF=1 datagram too big for the egress link must be dropped with ICMPv4 3/4 (RFC 5508 §7.1.1)',
    },
  },
  create(context) {
    return {
      pair(e) {
        if (
          e.side !== 'internet' ||
          e.dir !== 'up' ||
          !e.tunnel.df ||
          e.tunnel.fragments ||
          !e.other.fragments ||
          !e.other.fragments.some((f) => f.df)
        )
          return;
        context.report({
          messageId: 'dfFragmented',
          data: {
            what: datagramText(e.tunnel),
            tunnelFrames: frameText(e.tunnel.frames),
            n: e.other.fragments.length,
            sizes: fragmentSizes(e.other),
            internetFrames: frameText(e.other.frames),
          },
          ...pairEvidence(e),
        });
      },
    };
  },
};
