import type { Rule } from './types.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { externalText, internalText } from './nat-words.js';
import { pairEvidence } from './two-point.js';
import { frameText } from './words.js';

/** ADDR-004: a down datagram reaches its B4 addressed to the subscriber's internal address, not the external one (RFC 6333 §6.6, App. B). */
export const rule: Rule = {
  meta: {
    id: 'ADDR-004',
    title: "Downstream inner destination is the subscriber's internal address",
    docs: 'with `--internet`: a reply reaches its B4 still addressed to the external address (not translated back)',
    rfc: [
      { document: '6333', section: '§6.6' },
      { document: '6333', section: 'App. B' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      externalKept:
        "a reply from {remote} to external {external} (frames {internetFrames} on the Internet side) went down B4 {b4}'s softwire still addressed to {kept} (frames {tunnelFrames}), not to {owner}'s internal address: the AFTR did not translate the destination back (RFC 6333 §6.6; an lw4o6 or MAP-E deployment keeps it: check the mode)",
    },
  },
  create(context) {
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'down' || n.error || !n.owner || n.internal !== n.owner.external) return;
        const o = e.pair.other;
        context.report({
          messageId: 'externalKept',
          data: {
            remote: ip4ToString(o.src),
            external: externalText(n.owner),
            internetFrames: frameText(o.frames),
            b4: ip6ToString(n.b4),
            kept: ip4ToString(n.internal),
            tunnelFrames: frameText(e.pair.tunnel.frames),
            owner: internalText(n.owner),
          },
          ...pairEvidence(e.pair),
        });
      },
    };
  },
};
