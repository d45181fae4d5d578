import { absenceConfidence, newTally, sideFlow, tally } from './two-point.js';
import type { CoverageWatch, Rule } from './types.js';
import { frameText } from './words.js';

/** Lost sets held until the correlation ends. */
const HELD = 4096;

/**
 * FRAG-014: the AFTR's NAT handles IPv4 fragments that arrive out of order (RFC 4787 REQ-14):
 * only the first fragment carries the ports, so it must buffer or reassemble. Decided from
 * the Internet side (arrival order) and the tunnel (delivery). A set whose flow also lost small
 * datagrams in the tunnel capture near then is not counted: that capture may have lost it too.
 */
export const rule: Rule = {
  meta: {
    id: 'FRAG-014',
    title: 'AFTR accepts in-order and out-of-order IPv4 fragments from the Internet',
    docs: 'with `--internet`: IPv4 fragment sets whose first fragment arrived after a later one still reach the softwire, as in-order sets do',
    rfc: [{ document: '4787', section: 'REQ-14' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      outOfOrderDropped:
        "{lost} IPv4 fragment set(s) whose first fragment arrived after a later one on the AFTR's Internet side (frames {frames}) never entered the softwire, while {inOrder} in-order set(s) did: the AFTR does not handle fragments received out of order (RFC 4787 REQ-14)",
    },
  },
  create(context) {
    if (!context.config.sides.includes('internet')) return {};
    let delivered = { inOrder: 0, outOfOrder: 0 };
    let held: { frames: readonly number[]; w: CoverageWatch }[] = [];
    let unweighed = newTally();
    const coverage = context.coverage('internet', 'other');
    return {
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'down' || !e.other.fragments) return;
        if (e.other.outOfOrder) delivered.outOfOrder++;
        else delivered.inOrder++;
      },
      unpaired(e) {
        const d = e.datagram;
        if (
          e.side !== 'internet' ||
          e.origin !== 'other' ||
          !e.inSpan ||
          e.dir !== 'down' ||
          !d.fragments ||
          !d.outOfOrder
        )
          return;
        // Past the bound a set is counted as before, without the coverage weighing.
        if (held.length < HELD) held.push({ frames: d.frames, w: coverage.watch(sideFlow(d), d.time) });
        else tally(unweighed, d.frames);
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        const lost = unweighed;
        unweighed = newTally();
        for (const { frames, w } of held) if (!w.hole) tally(lost, frames);
        held = [];
        if (lost.count && delivered.outOfOrder === 0 && delivered.inOrder > 0) {
          context.report({
            messageId: 'outOfOrderDropped',
            data: { lost: lost.count, frames: frameText(lost.frames), inOrder: delivered.inOrder },
            frames: lost.frames,
            input: e.otherInput,
            confidence: absenceConfidence(e.drops, 'likely'),
          });
        }
        delivered = { inOrder: 0, outOfOrder: 0 };
      },
    };
  },
};
