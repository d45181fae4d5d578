import type { Rule } from './types.js';
import { bindingFrames, bindingsEvidence, externalText, internalText, oncePerPair } from './nat-words.js';
import { pairConfidence } from './two-point.js';
import { ip4ToString } from '../codec/addr.js';

/** NAT-003: no port overloading — two internal endpoints never share one external endpoint toward the same remote (RFC 4787 REQ-3, RFC 5382 REQ-7). */
export const rule: Rule = {
  meta: {
    id: 'NAT-003',
    title: 'No port overloading (overlapping only with different destinations)',
    docs: 'with `--internet`: two internal endpoints use one external endpoint at overlapping times: toward the same remote port overloading (`error`), toward different remotes port overlapping (`info`, RFC 7857 §3)',
    rfc: [
      { document: '4787', section: 'REQ-3' },
      { document: '5382', section: 'REQ-7' },
      { document: '7857', section: '§3' },
    ],
    level: 'MUST NOT',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      overloading:
        '{first} and {second} share external {external} toward {remote} at the same time ({frames}): port overloading; replies cannot be told apart (RFC 4787 REQ-3, RFC 5382 REQ-7)',
      overlapping:
        '{first} and {second} share external {external} toward different remotes at the same time ({frames}): port overlapping, allowed by RFC 7857 §3 but it defeats endpoint-independent filtering',
    },
  },
  create(context) {
    const once = oncePerPair();
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.sharedWith || !once(n.binding, n.sharedWith)) return;
        const [a, b] = n.sharedWith.id < n.binding.id ? [n.sharedWith, n.binding] : [n.binding, n.sharedWith];
        const o = e.pair.other;
        context.report({
          messageId: n.sameRemote ? 'overloading' : 'overlapping',
          data: {
            first: internalText(a),
            second: internalText(b),
            external: externalText(b),
            remote: ip4ToString(o.dst),
            frames: bindingFrames(a, b),
          },
          ...bindingsEvidence(e, a, b),
          confidence: pairConfidence(e.pair.ambiguous),
          ...(n.sameRemote ? {} : { severity: 'info' as const }),
        });
      },
    };
  },
};
