import type { OtherSide } from '../track/correlate.js';
import type { Direction } from '../track/events.js';
import { fragmentBoundaries, sameBoundaries, type TunnelDatagram } from '../track/ip4-datagram.js';
import type { Softwire } from '../track/softwires.js';
import {
  absenceConfidence,
  COVERAGE_SPAN,
  datagramText,
  fragmentSizes,
  newTally,
  pairEvidence,
  SIDE_TEXT,
  tally,
  type Tally,
  tunnelFlow,
} from './two-point.js';
import type { CoverageWatch, Rule, RuleMeta } from './types.js';
import { frameText } from './words.js';

interface PerSoftwire {
  /** Datagrams that travelled in an outer fragment set and that the far side showed. */
  setPaired: number;
}

/** An outer fragment set's datagram the far side never showed, weighed at the end against that side's coverage of its flow. */
interface MissingSet {
  readonly softwire: Softwire;
  readonly frames: readonly number[];
  readonly coverage: CoverageWatch;
}

const MISSING_HELD = 16384;

/**
 * FRAG-004 (AFTR, up, Internet side) and FRAG-005 (B4, down, LAN side) are one check in two
 * directions (RFC 6333 §5.3/§6.3, RFC 2473 §7: the exit point reassembles the tunnel packet
 * before it decapsulates). A datagram that crossed the tunnel in an outer fragment set must
 * leave the endpoint whole, or, if the next link is smaller, in IPv4 fragments of its own;
 * IPv4 fragments cut where the outer fragments were cut mean each outer fragment was
 * decapsulated on its own (violation A). Outer sets that never leave while whole datagrams
 * of the same flow do, around the same moment, mean fragmented tunnel traffic is dropped
 * (violation B); a flow the far capture did not cover then (its whole datagrams missing too)
 * is no evidence.
 */
export function reassemblyBeforeDecapRule(meta: RuleMeta, side: OtherSide, dir: Direction): Rule {
  return {
    meta,
    create(context) {
      if (!context.config.sides.includes(side)) return {};
      const seen = new Map<Softwire, PerSoftwire>();
      const stats = (sw: Softwire): PerSoftwire => {
        let s = seen.get(sw);
        if (!s) seen.set(sw, (s = { setPaired: 0 }));
        return s;
      };
      const coverage = context.coverage(side);
      const missing: MissingSet[] = [];
      return {
        pair(e) {
          if (e.side !== side || e.dir !== dir) return;
          const t = e.tunnel;
          const o = e.other;
          if (!t.outerBoundaries) return;
          stats(t.softwire).setPaired++;
          if (!o.fragments || !t.outerBoundaries.length) return;
          const theirs = fragmentBoundaries(o.fragments);
          if (!sameBoundaries(theirs, t.outerBoundaries)) return;
          context.report({
            messageId: 'decapsulatedFragments',
            data: {
              what: datagramText(o),
              frames: frameText(t.frames),
              side: SIDE_TEXT[side],
              sizes: fragmentSizes(o),
              otherFrames: frameText(o.frames),
              cuts: t.outerBoundaries.join(', '),
            },
            ...pairEvidence(e),
          });
        },
        unpaired(e) {
          if (e.side !== side || e.origin !== 'tunnel' || e.dir !== dir) return;
          if (!e.inSpan) return;
          const t = e.datagram as TunnelDatagram;
          if (!t.outerBoundaries) return;
          if (missing.length < MISSING_HELD)
            missing.push({ softwire: t.softwire, frames: t.frames, coverage: coverage.watch(tunnelFlow(t), t.time) });
          else context.suppress(1);
        },
        'correlation-end'(e) {
          if (e.side !== side) return;
          const confidence = absenceConfidence(e.drops, 'likely');
          const bySoftwire = new Map<Softwire, Tally>();
          for (const m of missing.splice(0)) {
            if ((seen.get(m.softwire)?.setPaired ?? 0) > 0) continue;
            if (!m.coverage.covered || m.coverage.hole) continue;
            let t = bySoftwire.get(m.softwire);
            if (!t) bySoftwire.set(m.softwire, (t = newTally()));
            tally(t, m.frames);
          }
          for (const [, t] of bySoftwire) {
            context.report({
              messageId: 'setsDropped',
              data: { sets: t.count, frames: frameText(t.frames), side: SIDE_TEXT[side], span: COVERAGE_SPAN },
              frames: t.frames,
              input: e.tunnelInput,
              confidence,
            });
          }
        },
      };
    },
  };
}
