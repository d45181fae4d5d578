import type { Rule } from './types.js';
import { ip6ToString, type Ip6Key } from '../codec/addr.js';
import { FROM_TUNNEL, pairConfidence, SIDE_TEXT } from './two-point.js';
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

interface Seen {
  readonly frames: number[];
  readonly other: number[];
  /** (inner << 4 | outer) << 8 | what came out. */
  readonly pairs: Map<number, number>;
  count: number;
  dropped: number;
  ambiguous: boolean;
  readonly input: number;
  readonly otherInput: number;
}

const LISTED = 20;

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
    rfc: [{ document: '6040', section: '§4.2' }],
    level: 'MUST',
    kind: 'D',
    needs: ['T', 'N', 'L'],
    defaultSeverity: 'error',
    messages: {
      wrong:
        'the {who} decapsulated {count} datagram(s) of B4 {b4} with an ECN field the RFC 6040 §4.2 table does not give{dropNote} (inner, outer in the tunnel → on {side}, expected: {pairs}; frames {frames} in the tunnel, {otherFrames} on {side})',
    },
  },
  create(context) {
    const seen = { lan: new Map<Ip6Key, Seen>(), internet: new Map<Ip6Key, Seen>() };
    return {
      pair(e) {
        const outerTc = e.tunnel.outerTrafficClass;
        if (e.dir !== FROM_TUNNEL[e.side] || outerTc < 0) return;
        const inner = e.tunnel.tos & 3;
        const outer = outerTc & 3;
        const got = e.other.tos & 3;
        const want = decapsulatedEcn(inner, outer);
        if (got === want) return;
        const byB4 = seen[e.side];
        const b4 = e.tunnel.softwire.b4;
        let s = byB4.get(b4);
        if (!s) byB4.set(b4, (s = { frames: [], other: [], pairs: new Map(), count: 0, dropped: 0, ambiguous: true, input: e.tunnel.input, otherInput: e.other.input }));
        s.count++;
        if (want === DROP) s.dropped++;
        s.ambiguous &&= e.ambiguous;
        const key = (((inner << 4) | outer) << 8) | got;
        s.pairs.set(key, (s.pairs.get(key) ?? 0) + 1);
        if (s.frames.length < LISTED) s.frames.push(...e.tunnel.frames);
        if (s.other.length < LISTED) s.other.push(...e.other.frames);
      },
      'correlation-end'(e) {
        const text = (k: number): string => `${ecnName(k >> 4)}, ${ecnName(k & 15)}`;
        for (const [b4, s] of seen[e.side])
          context.report({
            messageId: 'wrong',
            data: {
              who: receiver(FROM_TUNNEL[e.side]),
              count: s.count,
              b4: ip6ToString(b4),
              side: SIDE_TEXT[e.side],
              dropNote: s.dropped ? `, ${s.dropped} of them Not-ECT under a CE outer, which must be dropped` : '',
              pairs: [...s.pairs]
                .sort((a, b) => b[1] - a[1] || a[0] - b[0])
                .slice(0, 6)
                .map(([k, n]) => `${text(k >> 8)} → ${ecnName(k & 0xff)}, ${ecnName(decapsulatedEcn(k >> 12, (k >> 8) & 15))} (${n})`)
                .join('; '),
              frames: frameText(s.frames),
              otherFrames: frameText(s.other),
            },
            frames: s.frames,
            input: s.input,
            related: [{ input: s.otherInput, frames: s.other }],
            confidence: pairConfidence(s.ambiguous),
          });
        seen[e.side].clear();
      },
    };
  },
};
