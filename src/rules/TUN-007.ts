import type { Rule } from './types.js';
import { sender } from './words.js';

/** TUN-007: the outer flow label (RFC 2473 §6.5: configured, default 0). Informational only, one line per direction. */
export const rule: Rule = {
  meta: {
    id: 'TUN-007',
    title: 'Outer flow label',
    rfc: [{ document: '2473', section: '§6.5' }],
    level: 'advisory',
    kind: 'I',
    needs: ['T'],
    defaultSeverity: 'info',
    messages: {
      nonZero:
        '{who} set a non-zero outer flow label on {n} of {total} {dir} packets ({softwires} of {all} softwires); RFC 2473 §6.5 leaves it to configuration, default 0',
    },
  },
  create(context) {
    const fresh = () => ({ nonZero: 0, total: 0, frames: [] as number[], softwires: new Set<number>(), all: new Set<number>() });
    let stats = { up: fresh(), down: fresh() };
    return {
      'softwire-packet'(e) {
        const s = stats[e.dir];
        s.total++;
        // Softwire ids are few next to packets; the sets stay bounded by the softwire count.
        if (s.all.size < 1_000_000) s.all.add(e.softwire.id);
        if (e.outer.hdr.flowLabel === 0) return;
        s.nonZero++;
        s.softwires.add(e.softwire.id);
        if (s.frames.length < 10) s.frames.push(e.meta.frame);
      },
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          const s = stats[dir];
          if (s.nonZero > 0) {
            const who = s.all.size === 1 ? `the ${sender(dir)}` : `${sender(dir)}s`;
            context.report({ messageId: 'nonZero', data: { who, n: s.nonZero, total: s.total, dir, softwires: s.softwires.size, all: s.all.size }, frames: s.frames, input: e.input, confidence: 'confirmed' });
          }
        }
        stats = { up: fresh(), down: fresh() };
      },
    };
  },
};
