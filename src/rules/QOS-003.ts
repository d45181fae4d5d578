import type { Rule } from './types.js';
import { pairText, createPairTally } from './traffic-class.js';
import { sender } from './words.js';

const NOT_ECT = 0;
const CE = 3;
const ECN_NAMES = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'] as const;
const ecnName = (v: number): string => ECN_NAMES[v] ?? String(v);
/** Modes an ECN-capable inner packet shows: the outer a copy (normal mode) or Not-ECT (compatibility mode). */
const COPIED = 0;
const RESET = 1;

/**
 * QOS-003: ECN at encapsulation (RFC 6040 §4.1): the outer ECN is a copy of the inner (normal
 * mode) or Not-ECT (compatibility mode). Routers between the encapsulator and the capture point
 * may only mark an ECT outer CE, so CE over an ECT inner passes; an ECN-capable outer over a
 * Not-ECT inner, or the two ECT code points swapped, no router makes.
 */
export const rule: Rule = {
  meta: {
    id: 'QOS-003',
    title: 'ECN at encapsulation: copy (normal mode) or Not-ECT (compatibility mode)',
    docs: 'the outer ECN is a copy of the inner (normal mode) or Not-ECT (compatibility mode); CE over an ECT inner passes (a router marked it); mixing the modes is info',
    rfc: [{ document: '6040', section: '§4.1' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    scope: 'capture',
    messages: {
      wrong:
        'the {sender} sets an outer ECN field that is neither a copy of the inner nor Not-ECT: {broken} of {judged} {dir} packets (inner → outer ECN: {pairs}); RFC 6040 §4.1 (first frames {frames})',
      mixed:
        'the {sender} mixes the two RFC 6040 §4.1 encapsulation modes on its {dir} packets: {copied} ECN-capable inner packets with the ECN copied (normal mode), {reset} with the outer Not-ECT (compatibility mode)',
    },
  },
  create(context) {
    const tally = createPairTally(2);
    return {
      'softwire-packet'(e) {
        const inner = e.inner;
        if (!inner) return;
        const i = inner.hdr.tos & 3;
        const o = e.outer.hdr.trafficClass & 3;
        const broke = i === NOT_ECT ? o !== NOT_ECT : o !== i && o !== CE && o !== NOT_ECT;
        const mode = i === NOT_ECT || broke ? undefined : o === NOT_ECT ? RESET : COPIED;
        tally.note(e, broke, i, o, mode);
      },
      'input-end'(e) {
        for (const t of tally.results(e.softwires)) {
          const data = { sender: sender(t.dir), dir: t.dir };
          if (t.broken)
            context.report({
              messageId: 'wrong',
              data: {
                ...data,
                broken: t.broken,
                judged: t.judged,
                pairs: pairText(t.pairs, ecnName),
                frames: t.frames.join(', '),
              },
              frames: t.frames,
              input: e.input,
              confidence: 'confirmed',
              softwire: t.softwire,
            });
          if (t.modes[COPIED]! > 0 && t.modes[RESET]! > 0)
            context.report({
              messageId: 'mixed',
              severity: 'info',
              data: { ...data, copied: t.modes[COPIED]!, reset: t.modes[RESET]! },
              frames: [],
              input: e.input,
              confidence: 'confirmed',
              softwire: t.softwire,
            });
        }
      },
    };
  },
};
