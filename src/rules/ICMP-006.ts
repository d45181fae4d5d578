import type { ReportDescriptor, Rule } from './types.js';
import { ip4ToString } from '../codec/addr.js';
import { externalText, internalText } from './nat-words.js';
import { absenceConfidence, absenceNote, createDeferred } from './two-point.js';
import { frameText } from './words.js';

/** ICMP-006: replies to internally initiated ICMP queries come back through the AFTR (RFC 5508 REQ-1, REQ-2). */
export const rule: Rule = {
  meta: {
    id: 'ICMP-006',
    title: 'ICMP echo permitted; identifier mapping endpoint-independent; ≥60 s',
    docs: 'with `--internet`: a reply to an internally initiated ICMP query reached the AFTR for a binding in use and never went down a softwire (absence: `confirmed` only with zero-drop pcapng statistics)',
    rfc: [
      { document: '5508', section: 'REQ-1' },
      { document: '5508', section: 'REQ-2' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      replyDropped:
        'an ICMP query reply from {remote} to external {external} (frames {frames} on the Internet side), for {owner} whose query left {gap} s before, never went down a softwire: the AFTR must let replies to internally initiated queries through for at least 60 s (RFC 5508 REQ-1, REQ-2){note}',
    },
  },
  create(context) {
    // Absence-based: judged when the correlation ends, with both captures' drop counters.
    const held = createDeferred<Omit<ReportDescriptor, 'confidence'>>();
    return {
      'nat-undelivered'(e) {
        const n = e.nat;
        const d = n.datagram;
        if (d.protocol !== 1 || d.icmpId < 0) return;
        held.add({
          messageId: 'replyDropped',
          data: {
            remote: ip4ToString(d.src),
            external: externalText(n.owner),
            frames: frameText(d.frames),
            owner: internalText(n.owner),
            gap: Math.max(0, d.time - n.owner.lastSeen).toFixed(3),
          },
          frames: d.frames,
          input: d.input,
          related: [{ input: 0, frames: n.owner.tunnelFrames }],
        });
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        const confidence = absenceConfidence(e.drops);
        for (const h of held.take())
          context.report({ ...h, data: { ...h.data, note: absenceNote(confidence) }, confidence });
        if (held.dropped) context.suppress(held.dropped);
      },
    };
  },
};
