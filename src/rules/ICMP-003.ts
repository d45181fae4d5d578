import type { Rule } from './types.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { endpointText, externalText, internalText } from './nat-words.js';
import { pairEvidence } from './two-point.js';
import { frameText } from './words.js';

/** ICMP-003: an ICMPv4 error from the Internet reaches the owning B4 with its embedded packet translated back and its type and code kept (RFC 5508 REQ-3…5). */
export const rule: Rule = {
  meta: {
    id: 'ICMP-003',
    title: 'NAT translation of ICMPv4 errors (embedded packet reverted, type/code kept)',
    docs: 'with `--internet`: an ICMPv4 error from the Internet reaches the owning B4 with its quoted datagram translated back and its type and code kept',
    rfc: [
      { document: '5508', section: 'REQ-3' },
      { document: '5382', section: 'REQ-9' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      quoteNotReverted:
        "ICMPv4 error {type}/{code} from {remote} about external {external} (frames {internetFrames} on the Internet side) went down B4 {b4}'s softwire quoting {quoted} instead of {owner}'s internal endpoint (frames {tunnelFrames}): a NAT must translate the embedded packet back (RFC 5508 REQ-3, REQ-4)",
      typeChanged:
        "ICMPv4 error {type}/{code} from {remote} about external {external} (frames {internetFrames} on the Internet side) reached B4 {b4} as {newType}/{newCode} (frames {tunnelFrames}): a NAT keeps an error's type and code (RFC 5508 REQ-3)",
    },
  },
  create(context) {
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'down' || !n.error || !n.owner) return;
        const o = e.pair.other;
        const t = e.pair.tunnel;
        if (!o.icmp || !t.icmp) return;
        const b = n.owner;
        const data = {
          type: o.icmp.type,
          code: o.icmp.code,
          remote: ip4ToString(o.src),
          external: externalText(b),
          internetFrames: frameText(o.frames),
          b4: ip6ToString(n.b4),
          tunnelFrames: frameText(t.frames),
          owner: internalText(b),
        };
        if (t.icmp.type !== o.icmp.type || t.icmp.code !== o.icmp.code)
          context.report({
            messageId: 'typeChanged',
            data: { ...data, newType: t.icmp.type, newCode: t.icmp.code },
            ...pairEvidence(e.pair),
          });
        // The quote's source must be the binding's internal endpoint again (a wrong softwire is NAT-002's).
        else if (
          n.b4 === b.b4 &&
          (n.internal !== b.internal || (n.internalPort >= 0 && n.internalPort !== b.internalPort))
        )
          context.report({
            messageId: 'quoteNotReverted',
            data: { ...data, quoted: endpointText(n.internal, n.internalPort, b.protocol) },
            ...pairEvidence(e.pair),
          });
      },
    };
  },
};
