import type { Rule } from './types.js';
import { sender } from './words.js';

/** MTU-002: outer fragmentation of ordinary traffic means the link MTU was not raised by 40 bytes (RFC 6333 §5.3). */
export const rule: Rule = {
  meta: {
    id: 'MTU-002',
    title: 'Provision ≥40 bytes of extra MTU so fragmentation is not needed',
    docs: 'outer fragmentation happens at all: counts per direction and the link MTU that would avoid it',
    rfc: [
      { document: '6333', section: '§5.3' },
      { document: '6908', section: '§2.2' },
      { document: '7597', section: '§8.3.1' },
    ],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      fragmenting:
        '{dir} tunnel packets from the {sender} outer-fragmented: {sets} ({share} of {packets}); a link MTU of {need} bytes in that direction would carry the largest whole (RFC 6333 §5.3: raise the link MTU by at least 40 bytes)',
    },
  },
  create(context) {
    const stats = {
      up: { sets: 0, need: 0, frames: [] as number[] },
      down: { sets: 0, need: 0, frames: [] as number[] },
    };
    let input = 0;
    return {
      'outer-datagram'(e) {
        const d = e.datagram;
        if (d.status !== 'complete' || d.set.total === undefined) return;
        const s = stats[d.dir];
        s.sets++;
        const p = d.reassembled?.net;
        const size = p?.kind === 'ip6' ? 40 + p.hdr.payloadLength : 40 + d.set.total;
        if (size > s.need) s.need = size;
        if (s.frames.length < 10) s.frames.push(...d.set.frames.slice(0, 10 - s.frames.length));
        input = e.input;
      },
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          const s = stats[dir];
          if (s.sets > 0 && e.input === input) {
            // Tunnel packets: whole ones plus one per fragment set.
            const packets = e.softwires.reduce((n, w) => n + w[dir].packets - w[dir].outerFragments, 0) + s.sets;
            const share = `${((100 * s.sets) / Math.max(1, packets)).toFixed(1)} %`;
            context.report({
              messageId: 'fragmenting',
              data: { sets: s.sets, dir, sender: sender(dir), share, packets, need: s.need },
              frames: s.frames,
              input: e.input,
              confidence: 'confirmed',
            });
          }
          stats[dir] = { sets: 0, need: 0, frames: [] };
        }
      },
    };
  },
};
