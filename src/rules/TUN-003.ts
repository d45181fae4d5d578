import { ip6ToString } from '../codec/addr.js';
import type { Rule } from './types.js';

/** TUN-003: tunnel endpoints consistent with the configured AFTR addresses (RFC 2473 §6.1–6.2; RFC 6333 §5.4, §6.6). */
export const rule: Rule = {
  meta: {
    id: 'TUN-003',
    title: 'Tunnel endpoint addresses consistent (B4 ⇄ configured AFTR)',
    docs: 'with `--aftr`: softwires to an address that is not a configured AFTR (info); an AFTR sending to a B4 that never sent up (warning, `possible`)',
    rfc: [
      { document: '2473', section: '§6.1' },
      { document: '2473', section: '§6.2' },
      { document: '6333', section: '§5.4' },
      { document: '6333', section: '§6.6' },
    ],
    level: 'format',
    kind: 'decidable',
    needs: ['tunnel', 'config'],
    defaultSeverity: 'warning',
    messages: {
      notConfigured:
        'IPv4-in-IPv6 between {b4} and {aftr}, which is not a configured AFTR ({packets} packets from frame {first}): not DS-Lite, or a B4 pointed at the wrong AFTR',
      neverUp:
        'the AFTR {aftr} sent {packets} packets to {b4}, which never sent a packet up in this capture: stale state or the wrong B4 (RFC 6333 §6.6)',
    },
  },
  create(context) {
    return {
      'input-end'(e) {
        for (const sw of e.softwires) {
          const data = { b4: ip6ToString(sw.b4), aftr: ip6ToString(sw.aftr), first: sw.firstFrame };
          if (sw.evidence !== 'configured' && e.configuredAftrs > 0)
            context.report({
              messageId: 'notConfigured',
              severity: 'info',
              data: { ...data, packets: sw.up.packets + sw.down.packets },
              frames: [sw.firstFrame],
              input: e.input,
              confidence: 'confirmed',
              softwire: sw,
            });
          else if (sw.evidence === 'configured' && sw.up.packets === 0 && sw.down.packets > 0)
            context.report({
              messageId: 'neverUp',
              data: { ...data, packets: sw.down.packets },
              frames: [sw.firstFrame],
              input: e.input,
              confidence: 'possible',
              softwire: sw,
            });
        }
      },
    };
  },
};
