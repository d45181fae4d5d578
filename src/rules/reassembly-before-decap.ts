import type { OtherSide } from '../track/correlate.js';
import type { Direction } from '../track/events.js';
import { fragmentBoundaries, sameBoundaries, type TunnelDatagram } from '../track/ip4-datagram.js';
import type { Softwire } from '../track/softwires.js';
import { absenceConfidence, datagramText, fragmentSizes, newTally, pairEvidence, SIDE_TEXT, tally, type Tally } from './two-point.js';
import type { Rule, RuleMeta } from './types.js';
import { frameText } from './words.js';

interface PerSoftwire {
  /** Datagrams that travelled whole vs in an outer fragment set, and whether the far side showed them. */
  wholePaired: number;
  setPaired: number;
  readonly setUnpaired: Tally;
}

/**
 * FRAG-004 (AFTR, up, Internet side) and FRAG-005 (B4, down, LAN side) are one check in two
 * directions (RFC 6333 §5.3/§6.3, RFC 2473 §7: the exit point reassembles the tunnel packet
 * before it decapsulates). A datagram that crossed the tunnel in an outer fragment set must
 * leave the endpoint whole, or, if the next link is smaller, in IPv4 fragments of its own;
 * IPv4 fragments cut where the outer fragments were cut mean each outer fragment was
 * decapsulated on its own (violation A). Outer sets that never leave while whole datagrams
 * of the same softwire do mean fragmented tunnel traffic is dropped (violation B).
 */
export function reassemblyBeforeDecapRule(meta: RuleMeta, side: OtherSide, dir: Direction): Rule {
  return {
    meta,
    create(context) {
      if (!context.config.sides.includes(side)) return {};
      const seen = new Map<Softwire, PerSoftwire>();
      const stats = (sw: Softwire): PerSoftwire => {
        let s = seen.get(sw);
        if (!s) seen.set(sw, (s = { wholePaired: 0, setPaired: 0, setUnpaired: newTally() }));
        return s;
      };
      return {
        pair(e) {
          if (e.side !== side || e.dir !== dir) return;
          const t = e.tunnel;
          const o = e.other;
          if (!t.outerBoundaries) {
            if (!t.inner) stats(t.softwire).wholePaired++;
            return;
          }
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
          if (e.side !== side || e.origin !== 'tunnel' || !e.inSpan || e.dir !== dir) return;
          const t = e.datagram as TunnelDatagram;
          if (t.outerBoundaries) tally(stats(t.softwire).setUnpaired, t.frames);
        },
        'correlation-end'(e) {
          if (e.side !== side) return;
          const confidence = absenceConfidence(e.drops, 'likely');
          for (const [, s] of seen) {
            if (s.setPaired > 0 || s.setUnpaired.count === 0 || s.wholePaired === 0) continue;
            const frames = s.setUnpaired.frames;
            context.report({
              messageId: 'setsDropped',
              data: { sets: s.setUnpaired.count, frames: frameText(frames), whole: s.wholePaired, side: SIDE_TEXT[side] },
              frames,
              input: e.tunnelInput,
              confidence,
            });
          }
        },
      };
    },
  };
}
