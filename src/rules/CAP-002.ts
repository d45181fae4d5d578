import type { Rule } from './types.js';

/** CAP-002: a second capture none of whose datagrams paired with the tunnel capture decided nothing (docs/project-rules.md). */
export const rule: Rule = {
  meta: {
    id: 'CAP-002',
    title: 'A second capture contributes to the correlation',
    docs: 'with `--internet`/`--lan`: at least one datagram of that capture paired with the tunnel capture',
    rfc: [
      { document: '6333', section: '§5.2' },
      { document: '6333', section: '§6.6' },
    ],
    level: 'advisory',
    kind: 'decidable',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'warning',
    messages: {
      unpaired:
        'the {side} capture contributed nothing: none of its datagrams ({other} unpaired) matched one of the tunnel capture ({tunnel} unpaired), so the rules that need it judged nothing; do both captures cover the same time (--{side}-offset), link and traffic?',
    },
  },
  create(context) {
    return {
      'correlation-end'(e) {
        const s = e.stats;
        if (s.pairs.up + s.pairs.down > 0) return;
        context.report({
          messageId: 'unpaired',
          data: { side: e.side, other: s.unpaired.other, tunnel: s.unpaired.tunnel },
          frames: [],
          input: e.otherInput,
          confidence: 'confirmed',
        });
      },
    };
  },
};
