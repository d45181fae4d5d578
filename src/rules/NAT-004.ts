import type { Rule } from './types.js';
import { bindingFrames, bindingsEvidence, externalText, internalText } from './nat-words.js';
import { pairConfidence } from './two-point.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';

/** NAT-004: all concurrent bindings of one B4 use one external address (paired pooling, RFC 6888 REQ-2). */
export const rule: Rule = {
  meta: {
    id: 'NAT-004',
    title: 'Paired address pooling per subscriber (B4)',
    docs: 'with `--internet`: one B4 uses two external addresses at the same time (pooling not paired)',
    rfc: [
      { document: '6888', section: 'REQ-2' },
      { document: '4787', section: 'REQ-2' },
      { document: '7857', section: '§4' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      notPaired:
        'B4 {b4} uses external addresses {a} and {b} at the same time: {first} → {firstExternal} and {second} → {secondExternal} ({frames}); a CGN must pair each subscriber with one external address (RFC 6888 REQ-2)',
    },
  },
  create(context) {
    // One finding per B4 and pair of addresses.
    const seen = new Set<string>();
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.otherAddress) return;
        const [x, y] = [n.otherAddress, n.binding].sort((p, q) => p.external - q.external || p.id - q.id) as [
          typeof n.binding,
          typeof n.binding,
        ];
        const k = `${n.binding.b4}|${x.external}|${y.external}`;
        if (seen.has(k)) return;
        seen.add(k);
        context.report({
          messageId: 'notPaired',
          data: {
            b4: ip6ToString(n.binding.b4),
            a: ip4ToString(x.external),
            b: ip4ToString(y.external),
            first: internalText(x).replace(/^B4 \S+ /, ''),
            firstExternal: externalText(x),
            second: internalText(y).replace(/^B4 \S+ /, ''),
            secondExternal: externalText(y),
            frames: bindingFrames(x, y),
          },
          ...bindingsEvidence(e, x, y),
          confidence: pairConfidence(e.pair.ambiguous),
        });
      },
    };
  },
};
