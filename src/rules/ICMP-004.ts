import type { Rule } from './types.js';
import { bindingFrames, bindingsEvidence, externalText, internalText, oncePerPair } from './nat-words.js';

/** ICMP-004: an ICMP error does not end the mapping it concerns (RFC 4787 REQ-12, RFC 5382 REQ-10, RFC 5508 REQ-6). */
export const rule: Rule = {
  meta: {
    id: 'ICMP-004',
    title: 'ICMP never tears down or refreshes the wrong mapping',
    docs: 'with `--internet`: an internal endpoint got a new external endpoint after an ICMPv4 error for its mapping arrived (the error ended the mapping), `likely`',
    rfc: [
      { document: '4787', section: 'REQ-12' },
      { document: '5382', section: 'REQ-10' },
      { document: '5508', section: 'REQ-6' },
    ],
    level: 'MUST NOT',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      endedByIcmp:
        '{internal} was mapped to {first} until an ICMPv4 error for it arrived, {gap} s before it got {second} ({frames}): receiving ICMP must not end a mapping (RFC 4787 REQ-12, RFC 5382 REQ-10)',
    },
  },
  create(context) {
    const once = oncePerPair();
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.created || !n.afterIcmpError || !once(n.binding, n.afterIcmpError)) return;
        const p = n.afterIcmpError;
        const b = n.binding;
        context.report({
          messageId: 'endedByIcmp',
          data: {
            internal: internalText(b),
            first: externalText(p),
            second: externalText(b),
            gap: (b.firstSeen - p.lastError).toFixed(1),
            frames: bindingFrames(p, b),
          },
          ...bindingsEvidence(e, p, b),
          // A restart or an expiry at that moment would look the same.
          confidence: 'likely',
        });
      },
    };
  },
};
