import type { Rule } from './types.js';
import { externalText, internalText } from './nat-words.js';
import { LIFETIME } from '../track/nat.js';
import { pairEvidence } from './two-point.js';

/** NAT-007: mappings are refreshed by outbound traffic; one kept alive by inbound packets alone is noted (RFC 4787 REQ-6, RFC 7857 §7). */
export const rule: Rule = {
  meta: {
    id: 'NAT-007',
    title: 'Refresh direction (outbound refresh; no refresh by filtered inbound/ICMP/RST)',
    docs: 'with `--internet`: a mapping that went on delivering inbound traffic longer than the minimum lifetime after its last outbound packet (refreshed by inbound traffic alone)',
    rfc: [
      { document: '4787', section: 'REQ-6' },
      { document: '7857', section: '§7' },
    ],
    level: 'MAY',
    kind: 'heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'info',
    messages: {
      inboundRefresh:
        'the mapping of {internal} to {external} still delivered inbound traffic {idle} s after its last outbound packet, longer than the {timer} s minimum: it is refreshed by inbound packets, which RFC 4787 REQ-6 allows but RFC 7857 §7 notes lets outsiders keep mappings alive',
    },
  },
  create(context) {
    const reported = new Set<number>();
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'down' || !n.owner || n.error || reported.has(n.owner.id)) return;
        const b = n.owner;
        const timer = LIFETIME[b.protocol] ?? 120;
        const idle = e.pair.other.time - b.lastUp;
        if (idle <= timer) return;
        reported.add(b.id);
        context.report({
          messageId: 'inboundRefresh',
          data: { internal: internalText(b), external: externalText(b), idle: idle.toFixed(0), timer },
          ...pairEvidence(e.pair),
        });
      },
    };
  },
};
