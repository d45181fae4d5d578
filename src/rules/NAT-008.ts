import type { ReportDescriptor, Rule } from './types.js';
import { bindingFrames, bindingsEvidence, externalText, internalText } from './nat-words.js';
import { pairConfidence } from './two-point.js';

/** Reuses held until the end, when no later overlap (port overloading, NAT-003) explained them. */
const HELD = 1000;

/** NAT-008: a released external port is not given to another internal endpoint within 120 s (RFC 6888 REQ-8). */
export const rule: Rule = {
  meta: {
    id: 'NAT-008',
    title: 'Released external port not reused for 120 s',
    docs: "with `--internet`: an external endpoint given to another internal endpoint less than 120 s after its previous owner's last packet (and not used by it again: that would be NAT-003), `likely`",
    rfc: [{ document: '6888', section: 'REQ-8' }],
    level: 'SHOULD NOT',
    kind: 'heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'warning',
    messages: {
      reused:
        'external {external} of {previous} was given to {next} {gap} s after its last packet ({frames}): a CGN should not reallocate a released external port for 120 s (RFC 6888 REQ-8)',
    },
  },
  create(context) {
    // Keyed by the two bindings: if the previous owner uses the port again, the two overlap and
    // NAT-003 reports them; only reuses that stay reuses are reported, when the capture ends.
    const held = new Map<string, ReportDescriptor>();
    const key = (a: number, b: number): string => (a < b ? `${a}/${b}` : `${b}/${a}`);
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up') return;
        if (n.sharedWith) held.delete(key(n.sharedWith.id, n.binding.id));
        if (!n.created || !n.reusedFrom) return;
        if (held.size >= HELD) {
          context.suppress(1);
          return;
        }
        const p = n.reusedFrom;
        const b = n.binding;
        held.set(key(p.id, b.id), {
          messageId: 'reused',
          data: {
            external: externalText(b),
            previous: internalText(p),
            next: internalText(b),
            gap: (b.firstSeen - p.lastSeen).toFixed(1),
            frames: bindingFrames(p, b),
          },
          ...bindingsEvidence(e, p, b),
          // The port looked free only because its owner fell silent: the AFTR may still have held it.
          confidence: pairConfidence(e.pair.ambiguous) === 'confirmed' ? 'likely' : 'possible',
        });
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        for (const d of held.values()) context.report(d);
        held.clear();
      },
    };
  },
};
