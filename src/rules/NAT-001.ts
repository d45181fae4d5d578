import type { Rule } from './types.js';
import { bindingFrames, bindingsEvidence, externalText, internalText, oncePerPair } from './nat-words.js';
import { pairConfidence } from './two-point.js';
import { ip4ToString } from '../codec/addr.js';

/** NAT-001: bindings keyed by the B4's IPv6 address; endpoint-independent mapping (RFC 6333 §6.6, RFC 4787 REQ-1, RFC 5382 REQ-1). */
export const rule: Rule = {
  meta: {
    id: 'NAT-001',
    title: 'Extended binding table keyed by B4 IPv6; endpoint-independent mapping',
    docs: "with `--internet`: one internal endpoint (B4, address, protocol, port) gets a second external endpoint toward a new remote while its first mapping is in use: the mapping depends on the destination; when the first mapping's connection had just been reset, the mapping was released on the reset instead of held 4 minutes (RFC 7857 §2.2, warning)",
    rfc: [
      { document: '6333', section: '§6.6' },
      { document: '4787', section: 'REQ-1' },
      { document: '5382', section: 'REQ-1' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      dependentMapping:
        '{internal} was mapped to {first} and, while that mapping was in use, to {second} toward {remote} ({frames}): the mapping depends on the destination; an AFTR must map an internal endpoint, keyed by its B4, to one external endpoint whatever the destination (RFC 4787 REQ-1, RFC 5382 REQ-1, RFC 6333 §6.6)',
      releasedAfterReset:
        '{internal} was mapped to {first}; its connection was reset {gap} s before it opened another toward {remote} and got {second} ({frames}): the AFTR released the mapping on the reset instead of holding it for the 4-minute transitory timeout (RFC 7857 §2.2, RFC 5382 REQ-5 SHOULD); while a mapping is held, endpoint-independent mapping reuses it',
    },
  },
  create(context) {
    const once = oncePerPair();
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.created) return;
        const o = e.pair.other;
        const released = n.releasedAfterReset;
        if (released && once(n.binding, released)) {
          context.report({
            messageId: 'releasedAfterReset',
            severity: 'warning',
            data: {
              internal: internalText(n.binding),
              first: externalText(released),
              second: externalText(n.binding),
              remote: ip4ToString(o.dst),
              gap: (n.binding.firstSeen - released.lastReset).toFixed(3),
              frames: bindingFrames(released, n.binding),
            },
            ...bindingsEvidence(e, released, n.binding),
            confidence: pairConfidence(e.pair.ambiguous),
          });
          return;
        }
        if (!n.sameKeyOther || !once(n.binding, n.sameKeyOther)) return;
        context.report({
          messageId: 'dependentMapping',
          data: {
            internal: internalText(n.binding),
            first: externalText(n.sameKeyOther),
            second: externalText(n.binding),
            remote: ip4ToString(o.dst),
            frames: bindingFrames(n.sameKeyOther, n.binding),
          },
          ...bindingsEvidence(e, n.sameKeyOther, n.binding),
          confidence: pairConfidence(e.pair.ambiguous),
        });
      },
    };
  },
};
