import type { Rule } from './types.js';
import { sender } from './words.js';

/** TUN-007: the outer flow label (RFC 2473 §6.5: configured, default 0). Informational only, one line per direction. */
export const rule: Rule = {
  meta: {
    id: 'TUN-007',
    title: 'Outer flow label',
    docs: 'non-zero outer flow labels, per direction',
    rfc: [{ document: '2473', section: '§6.5' }],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      nonZero:
        '{who} set a non-zero outer flow label on {n} of {total} {dir} packets ({softwires} of {all} softwires); RFC 2473 §6.5 leaves it to configuration, default 0',
    },
  },
  create(context) {
    return {
      // The softwire tracker counts flow-labelled packets per direction; this rule only reads the totals.
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          const used = e.softwires.filter((w) => w[dir].packets > 0);
          const labelled = used.filter((w) => w[dir].flowLabelled > 0);
          if (labelled.length === 0) continue;
          const n = labelled.reduce((k, w) => k + w[dir].flowLabelled, 0);
          const total = used.reduce((k, w) => k + w[dir].packets, 0);
          const frames = labelled
            .map((w) => w[dir].firstFlowLabelled)
            .sort((a, b) => a - b)
            .slice(0, 10);
          const who = used.length === 1 ? `the ${sender(dir)}` : `${sender(dir)}s`;
          context.report({
            messageId: 'nonZero',
            data: { who, n, total, dir, softwires: labelled.length, all: used.length },
            frames,
            input: e.input,
            confidence: 'confirmed',
          });
        }
      },
    };
  },
};
