import type { Rule } from './types.js';
import { sender } from './words.js';

const MIN_PACKETS = 20;
const MIN_TTLS = 3;

/** TUN-004: the encapsulator sets the outer hop limit independently of the inner TTL (RFC 2473 §6.3). */
export const rule: Rule = {
  meta: {
    id: 'TUN-004',
    title: 'Outer hop limit set independently of inner TTL (single-hop model)',
    rfc: [{ document: '2473', section: '§6.3' }],
    level: 'SHOULD',
    kind: 'H',
    needs: ['T'],
    defaultSeverity: 'warning',
    messages: {
      copied:
        'the {sender} copies the inner TTL into the outer hop limit: over {n} {dir} packets with {ttls} different inner TTLs the hop limit was always TTL {offset}; RFC 2473 §6.3 sets it independently (first frames {frames})',
    },
  },
  create(context) {
    interface Track {
      input: number;
      dir: 'up' | 'down';
      n: number;
      ttls: Set<number>;
      offsets: Set<number>;
      frames: number[];
    }
    const tracks = new Map<string, Track>();
    return {
      'softwire-packet'(e) {
        const inner = e.inner;
        if (!inner) return;
        const key = `${e.meta.input}/${e.softwire.id}/${e.dir}`;
        let t = tracks.get(key);
        if (!t) tracks.set(key, (t = { input: e.meta.input, dir: e.dir, n: 0, ttls: new Set(), offsets: new Set(), frames: [] }));
        t.n++;
        if (t.ttls.size < 8) t.ttls.add(inner.hdr.ttl);
        // Two different offsets already prove independence: stop collecting.
        if (t.offsets.size < 2) t.offsets.add(e.outer.hdr.hopLimit - inner.hdr.ttl);
        if (t.frames.length < 5) t.frames.push(e.meta.frame);
      },
      'input-end'(e) {
        for (const t of tracks.values()) {
          if (t.input !== e.input || t.n < MIN_PACKETS || t.ttls.size < MIN_TTLS || t.offsets.size !== 1) continue;
          const k = [...t.offsets][0]!;
          context.report({
            messageId: 'copied',
            data: { sender: sender(t.dir), n: t.n, dir: t.dir, ttls: t.ttls.size, offset: k >= 0 ? `+ ${k}` : `− ${-k}`, frames: t.frames.join(', ') },
            frames: t.frames,
            input: e.input,
            confidence: 'likely',
          });
        }
      },
    };
  },
};
