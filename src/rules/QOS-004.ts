import type { Rule } from './types.js';
import { ip6ToString } from '../codec/addr.js';
import { createPairCounts, FROM_TUNNEL, pairConfidence, SIDE_TEXT } from './two-point.js';
import { frameText, receiver } from './words.js';

const NOT_ECT = 0;
const ECT1 = 1;
const ECT0 = 2;
const CE = 3;
/** RFC 6040 §4.2: a Not-ECT inner under a CE outer is dropped, never forwarded. */
const DROP = -1;
const ECN_NAMES = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'] as const;
const ecnName = (v: number): string => ECN_NAMES[v] ?? 'drop';

/** The RFC 6040 §4.2 decapsulation table: the outgoing ECN for an (inner, outer) arriving pair. */
export function decapsulatedEcn(inner: number, outer: number): number {
  if (inner === NOT_ECT) return outer === CE ? DROP : NOT_ECT;
  if (outer === CE || inner === CE) return CE;
  return inner === ECT0 && outer === ECT1 ? ECT1 : inner;
}

/**
 * QOS-004: ECN at decapsulation (RFC 6040 §4.2): what leaves the decapsulator is the table's
 * combination of the inner and outer ECN, and a Not-ECT inner under a CE outer is dropped.
 * The outer is read as captured: a router between the capture point and the decapsulator could
 * still mark it CE, so the tunnel capture should be taken next to the decapsulator.
 */
export const rule: Rule = {
  meta: {
    id: 'QOS-004',
    title: 'ECN at decapsulation per RFC 6040 table; Not-ECT inner + CE outer → drop',
    docs: "with `--internet` or `--lan`: the ECN after decapsulation is the RFC 6040 §4.2 table's combination of inner and outer; a Not-ECT inner under a CE outer is dropped, not forwarded",
    rfc: [{ document: '6040', section: '§4.2' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      wrong:
        'the {who} decapsulated {count} datagram(s) of B4 {b4} with an ECN field the RFC 6040 §4.2 table does not give{dropNote} (inner, outer in the tunnel → on {side}, expected: {pairs}; frames {frames} in the tunnel, {otherFrames} on {side})',
    },
  },
  create(context) {
    const counts = createPairCounts();
    return {
      pair(e) {
        const outerTc = e.tunnel.outerTrafficClass;
        if (e.dir !== FROM_TUNNEL[e.side] || outerTc < 0) return;
        const inner = e.tunnel.tos & 3;
        const outer = outerTc & 3;
        const got = e.other.tos & 3;
        if (got !== decapsulatedEcn(inner, outer)) counts.note(e, (((inner << 4) | outer) << 8) | got);
      },
      'correlation-end'(e) {
        // Key: (inner << 4 | outer) << 8 | what came out.
        const arrived = (k: number): string => `${ecnName(k >> 12)}, ${ecnName((k >> 8) & 15)}`;
        const expected = (k: number): number => decapsulatedEcn(k >> 12, (k >> 8) & 15);
        for (const [b4, s] of counts.take(e.side)) {
          const dropped = [...s.pairs].filter(([k]) => expected(k) === DROP).reduce((n, [, c]) => n + c, 0);
          context.report({
            messageId: 'wrong',
            data: {
              who: receiver(FROM_TUNNEL[e.side]),
              count: s.count,
              b4: ip6ToString(b4),
              side: SIDE_TEXT[e.side],
              dropNote: dropped ? `, ${dropped} of them Not-ECT under a CE outer, which must be dropped` : '',
              pairs: [...s.pairs]
                .sort((a, b) => b[1] - a[1] || a[0] - b[0])
                .slice(0, 6)
                .map(([k, n]) => `${arrived(k)} → ${ecnName(k & 0xff)}, ${ecnName(expected(k))} (${n})`)
                .join('; '),
              frames: frameText(s.frames),
              otherFrames: frameText(s.other),
            },
            frames: s.frames,
            input: s.input,
            related: [{ input: s.otherInput, frames: s.other }],
            confidence: pairConfidence(s.ambiguous),
          });
        }
      },
    };
  },
};
