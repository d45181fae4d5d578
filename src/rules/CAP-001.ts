import type { Rule } from './types.js';

/** CAP-001: a tunnel capture with no softwire packet cannot vouch for a device; it must not pass silently (docs/project-rules.md). */
export const rule: Rule = {
  meta: {
    id: 'CAP-001',
    title: 'The tunnel capture holds DS-Lite traffic',
    rfc: [
      { document: '6333', section: '§5.2' },
      { document: '6333', section: '§6.2' },
      { document: '2473', section: '§5' },
    ],
    level: 'advisory',
    kind: 'D',
    needs: ['T'],
    defaultSeverity: 'warning',
    messages: {
      none: 'no DS-Lite traffic in the tunnel capture: none of its {frames} frames is IPv6 carrying IPv4 (next header 4){cut}, so no rule had anything to judge; is it the right interface, capture filter and file?',
    },
  },
  create(context) {
    return {
      'input-end'(e) {
        if (e.softwires.length > 0) return;
        context.report({ messageId: 'none', data: { frames: e.frames, cut: e.incomplete ? ' (the file is cut short)' : '' }, frames: [], input: e.input, confidence: 'confirmed' });
      },
    };
  },
};
