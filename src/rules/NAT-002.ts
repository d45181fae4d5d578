import type { CoverageWatch, ReportDescriptor, Rule } from './types.js';

const HELD = 1000;
import { endpointText, externalText, internalText } from './nat-words.js';
import { pairEvidence, reverseTunnelFlow } from './two-point.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { frameText } from './words.js';

/** NAT-002: return traffic goes to the B4 that owns the binding, with the internal address and port restored (RFC 6333 §6.6, App. B). */
export const rule: Rule = {
  meta: {
    id: 'NAT-002',
    title: 'Return traffic goes to the owning B4 with the internal address/port',
    docs: 'with `--internet`: a reply goes down the softwire of a B4 that does not own the binding, or reaches its B4 without the internal address and port restored',
    rfc: [
      { document: '6333', section: '§6.6' },
      { document: '7785', section: '§4' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      wrongSoftwire:
        "a reply from {remote} to external {external} (frames {internetFrames} on the Internet side), which belongs to {owner}, went down B4 {actual}'s softwire (frames {tunnelFrames}): the AFTR delivered another subscriber's traffic (RFC 6333 §6.6)",
      uncovered:
        "a reply from {remote} to external {external} (frames {internetFrames} on the Internet side), last seen belonging to {owner}, went down B4 {actual}'s softwire (frames {tunnelFrames}); the Internet side missed that B4's own datagrams of the flow around then (tunnel frames {holeFrames}), which may have taken the external endpoint over: not judged (RFC 6333 §6.6)",
      wrongInternal:
        'a reply from {remote} to external {external} (frames {internetFrames} on the Internet side), which belongs to {owner}, reached its B4 addressed to {actual} (frames {tunnelFrames}): the internal address and port were not restored (RFC 6333 §6.6)',
    },
  },
  create(context) {
    // A reply down the "wrong" softwire is judged at the end: if the Internet side missed the
    // receiving B4's own datagrams of that flow around then, the binding may have changed hands
    // unseen (a partial capture), and the evidence shows no violation.
    const coverage = context.coverage('internet');
    const held: { descriptor: ReportDescriptor; coverage: CoverageWatch }[] = [];
    return {
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        for (const {
          descriptor,
          coverage: { hole },
        } of held.splice(0)) {
          if (!hole) context.report(descriptor);
          else
            context.report({
              ...descriptor,
              messageId: 'uncovered',
              data: { ...descriptor.data, holeFrames: frameText(hole) },
              severity: 'info',
              confidence: 'possible',
            });
        }
      },
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'down' || !n.owner) return;
        const b = n.owner;
        const o = e.pair.other;
        // Words only for a finding: this runs on every reply that has an owner.
        const data = (): Record<string, string> => ({
          remote: ip4ToString(o.src),
          external: externalText(b),
          owner: internalText(b),
          internetFrames: frameText(o.frames),
          tunnelFrames: frameText(e.pair.tunnel.frames),
        });
        if (n.b4 !== b.b4) {
          const t = e.pair.tunnel;
          const descriptor: ReportDescriptor = {
            messageId: 'wrongSoftwire',
            data: { ...data(), actual: ip6ToString(n.b4) },
            ...pairEvidence(e.pair),
            softwire: t.softwire,
          };
          // The receiving B4's own up flow: the reply's endpoints the other way round.
          if (held.length < HELD) held.push({ descriptor, coverage: coverage.watch(reverseTunnelFlow(t), t.time) });
          else context.suppress(1);
        }
        // The external address left in place is ADDR-004's finding; an ICMP error's quote is ICMP-003's.
        else if (
          (!n.error && n.internal !== b.internal && n.internal !== b.external) ||
          (n.internal === b.internal && n.internalPort !== b.internalPort)
        )
          context.report({
            messageId: 'wrongInternal',
            data: { ...data(), actual: endpointText(n.internal, n.internalPort, b.protocol) },
            ...pairEvidence(e.pair),
          });
      },
    };
  },
};
