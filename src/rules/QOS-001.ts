import type { Rule } from './types.js';
import { pairText, createPairTally } from './traffic-class.js';
import { sender } from './words.js';

/** The DSCP: the upper six bits of the IPv4 TOS and of the IPv6 Traffic Class (RFC 2474). */
const dscp = (byte: number): number => byte >> 2;

/** QOS-001: the encapsulator copies the inner DSCP into the outer Traffic Class (RFC 6333 §7.1, RFC 2983's uniform model). */
export const rule: Rule = {
  meta: {
    id: 'QOS-001',
    title: 'Inner DSCP copied to outer Traffic Class at encapsulation',
    docs: 'the encapsulator carries the inner DSCP over to the outer Traffic Class, per softwire and direction, with the inner → outer code points seen',
    rfc: [{ document: '6333', section: '§7.1' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    scope: 'capture',
    messages: {
      notCopied:
        'the {sender} does not carry the inner DSCP over to the outer Traffic Class: {broken} of {judged} {dir} packets differ (inner → outer DSCP: {pairs}); RFC 6333 §7.1: the IPv4 traffic class MUST be carried over to the IPv6 header (first frames {frames})',
    },
  },
  create(context) {
    const tally = createPairTally();
    return {
      'softwire-packet'(e) {
        const inner = e.inner;
        if (!inner) return;
        const i = dscp(inner.hdr.tos);
        const o = dscp(e.outer.hdr.trafficClass);
        tally.note(e, i !== o, i, o);
      },
      'input-end'(e) {
        for (const t of tally.results(e.softwires)) {
          if (!t.broken) continue;
          context.report({
            messageId: 'notCopied',
            data: {
              sender: sender(t.dir),
              broken: t.broken,
              judged: t.judged,
              dir: t.dir,
              pairs: pairText(t.pairs, String),
              frames: t.frames.join(', '),
            },
            frames: t.frames,
            input: e.input,
            confidence: 'confirmed',
            softwire: t.softwire,
          });
        }
      },
    };
  },
};
