import type { Rule } from './types.js';
import { sender } from './words.js';

const MIN_TTLS = 3;

/** Row layout per (softwire, direction): everything one packet touches sits in one cache line. */
const N = 0;
const OFFSET = 1;
const STATE = 2; // 0 unseen, 1 one offset so far, 2 independent
const TTLS = 3; // count of distinct TTLs kept (up to MIN_TTLS)
const TTL0 = 4; // MIN_TTLS slots
const FIRST = TTL0 + MIN_TTLS; // first frames, 5 slots
const FRAMES = 5;
const OWNER = FIRST + FRAMES; // the softwire id + 1 the row belongs to (slots are reused after eviction)
const W = OWNER + 1;

/** TUN-004: the encapsulator sets the outer hop limit independently of the inner TTL (RFC 2473 §6.3). */
export const rule: Rule = {
  meta: {
    id: 'TUN-004',
    title: 'Outer hop limit set independently of inner TTL (single-hop model)',
    docs: 'the outer hop limit is not copied from the inner TTL (≥ 20 packets, ≥ 3 TTLs)',
    rfc: [{ document: '2473', section: '§6.3' }],
    level: 'SHOULD',
    kind: 'heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'warning',
    messages: {
      copied:
        'the {sender} copies the inner TTL into the outer hop limit: over {n} {dir} packets with {ttls} or more different inner TTLs the hop limit was always TTL {offset}; RFC 2473 §6.3 sets it independently (first frames {frames})',
    },
    options: {
      minPackets: {
        description: 'packets per softwire and direction before the hop limit is judged',
        default: 20,
        minimum: 3,
        maximum: 1_000_000,
      },
    },
  },
  create(context) {
    const minPackets = context.options['minPackets'] ?? 20;
    // Rows indexed by softwire slot × 2 + direction (bounded like the softwires), grown on demand, reset per input.
    let rows = new Int32Array(1024 * W);
    return {
      'softwire-packet'(e) {
        const inner = e.inner;
        if (!inner) return;
        const r = (e.softwire.slot * 2 + (e.dir === 'up' ? 0 : 1)) * W;
        if (r + W > rows.length) {
          const bigger = new Int32Array(Math.max(rows.length * 2, r + W));
          bigger.set(rows);
          rows = bigger;
        }
        if (rows[r + OWNER] !== e.softwire.id + 1) {
          rows.fill(0, r, r + W);
          rows[r + OWNER] = e.softwire.id + 1;
        }
        const state = rows[r + STATE]!;
        if (state === 2) return;
        const ttl = inner.hdr.ttl;
        const offset = e.outer.hdr.hopLimit - ttl;
        if (state === 0) {
          rows[r + STATE] = 1;
          rows[r + OFFSET] = offset;
        } else if (rows[r + OFFSET] !== offset) {
          rows[r + STATE] = 2;
          return;
        }
        const n = rows[r + N]!;
        rows[r + N] = n + 1;
        if (n < FRAMES) rows[r + FIRST + n] = e.meta.frame;
        const k = rows[r + TTLS]!;
        if (k < MIN_TTLS) {
          let seen = false;
          for (let i = 0; i < k; i++) if (rows[r + TTL0 + i] === ttl) seen = true;
          if (!seen) {
            rows[r + TTL0 + k] = ttl;
            rows[r + TTLS] = k + 1;
          }
        }
      },
      'input-end'(e) {
        for (const sw of e.softwires) {
          for (const dir of ['up', 'down'] as const) {
            const r = (sw.slot * 2 + (dir === 'up' ? 0 : 1)) * W;
            if (
              r + W > rows.length ||
              rows[r + OWNER] !== sw.id + 1 ||
              rows[r + STATE] !== 1 ||
              rows[r + N]! < minPackets ||
              rows[r + TTLS]! < MIN_TTLS
            )
              continue;
            const k = rows[r + OFFSET]!;
            const frames = [...rows.subarray(r + FIRST, r + FIRST + FRAMES)].filter((f) => f > 0);
            context.report({
              messageId: 'copied',
              data: {
                sender: sender(dir),
                n: rows[r + N]!,
                dir,
                ttls: MIN_TTLS,
                offset: k >= 0 ? `+ ${k}` : `− ${-k}`,
                frames: frames.join(', '),
              },
              frames,
              input: e.input,
              confidence: 'likely',
              softwire: sw,
            });
          }
        }
        rows = new Int32Array(1024 * W);
      },
    };
  },
};
