import type { Rule } from './types.js';

/** CAP-001: a tunnel capture with no softwire packet cannot vouch for a device; it must not pass silently (docs/project-rules.md). */
export const rule: Rule = {
  meta: {
    id: 'CAP-001',
    title: 'The tunnel capture holds DS-Lite traffic',
    docs: 'the tunnel capture holds DS-Lite traffic at all (a rule of the project, [`docs/project-rules.md`](project-rules.md)): none is a wrong interface, filter or file, not a pass',
    rfc: [
      { document: '6333', section: '§5.2' },
      { document: '6333', section: '§6.2' },
      { document: '2473', section: '§5' },
    ],
    level: 'advisory',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'warning',
    scope: 'capture',
    messages: {
      none: 'no DS-Lite traffic in the tunnel capture: none of its {frames} frames is IPv6 carrying IPv4 (next header 4){cut}, so no rule had anything to judge; is it the right interface, capture filter and file?',
      other:
        'no DS-Lite traffic in the tunnel capture: of its {frames} frames, {what}{cut}; that is not a DS-Lite softwire, so no rule had anything to judge',
    },
  },
  create(context) {
    return {
      'input-end'(e) {
        if (e.softwires.length > 0) return;
        const cut = e.incomplete ? ' (the file is cut short)' : '';
        if (e.notDsLite) {
          const n = e.notDsLite;
          const what = [
            n.srv6 ? `${n.srv6} carry IPv4 in IPv6 behind a Segment Routing Header (SRv6)` : '',
            n['address-4in6']
              ? `${n['address-4in6']} carry IPv4 in IPv6 whose endpoint address holds the public inner IPv4 address (MAP-E, lw4o6, 4over6 or a 6to4 host: an address per tunnel, no AFTR NAT)`
              : '',
          ]
            .filter(Boolean)
            .join(' and ');
          context.report({
            messageId: 'other',
            data: { frames: e.frames, what, cut },
            frames: [],
            input: e.input,
            confidence: 'confirmed',
          });
        } else
          context.report({
            messageId: 'none',
            data: { frames: e.frames, cut },
            frames: [],
            input: e.input,
            confidence: 'confirmed',
          });
      },
    };
  },
};
