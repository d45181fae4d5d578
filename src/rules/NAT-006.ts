import type { Rule } from './types.js';
import { bindingFrames, bindingsEvidence, externalText, internalText, oncePerPair } from './nat-words.js';
import { ip4ToString } from '../codec/addr.js';
import { LIFETIME } from '../track/nat.js';

const RFC: Readonly<Record<number, string>> = {
  17: 'RFC 4787 REQ-5: UDP at least 120 s',
  6: 'RFC 5382 REQ-5: TCP at least 240 s transitory, 7440 s established',
  1: 'RFC 5508 REQ-2: ICMP at least 60 s',
};

/** NAT-006: mappings live at least the RFC minimum after their last packet (RFC 4787 REQ-5, RFC 5382 REQ-5, RFC 5508 REQ-2). */
export const rule: Rule = {
  meta: {
    id: 'NAT-006',
    title: 'Mapping lifetimes: UDP ≥120 s, TCP est. ≥7440 s, transitory ≥240 s, ICMP ≥60 s',
    docs: 'with `--internet`: an internal endpoint gets a new external endpoint toward a remote it had used, less than the minimum lifetime after its last packet (UDP 120 s, TCP 240 s, ICMP 60 s), `likely`',
    rfc: [
      { document: '4787', section: 'REQ-5' },
      { document: '5382', section: 'REQ-5' },
      { document: '5508', section: 'REQ-2' },
    ],
    level: 'MUST NOT',
    kind: 'heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      expiredEarly:
        '{internal} was mapped to {first}, fell silent, and {gap} s later got {second} toward {remote}, which it had used before ({frames}): the AFTR dropped the mapping before its minimum lifetime ({rfc})',
    },
  },
  create(context) {
    const once = oncePerPair();
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.created || !n.expiredEarly || !once(n.binding, n.expiredEarly)) return;
        const p = n.expiredEarly;
        const b = n.binding;
        const o = e.pair.other;
        context.report({
          messageId: 'expiredEarly',
          data: {
            internal: internalText(b),
            first: externalText(p),
            second: externalText(b),
            remote: ip4ToString(o.dst),
            gap: (b.firstSeen - p.lastSeen).toFixed(1),
            frames: bindingFrames(p, b),
            rfc: RFC[b.protocol] ?? `at least ${LIFETIME[b.protocol] ?? 120} s`,
          },
          ...bindingsEvidence(e, p, b),
          // An AFTR restart or a failover also renews every mapping (catalogue NAT-006: cannot decide).
          confidence: 'likely',
        });
      },
    };
  },
};
