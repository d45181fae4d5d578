import type { Confidence } from '../model/report.js';
import type { Ip4Datagram } from '../track/ip4-datagram.js';
import {
  absenceConfidence,
  absenceNote,
  createDeferred,
  createIcmpMemo,
  createMtuView,
  datagramText,
  INTO_TUNNEL,
  SIDE_TEXT,
  sideFlow,
} from './two-point.js';
import type { CoverageWatch, Rule } from './types.js';
import { isOffloadSegment } from '../track/offload.js';
import { frameText, sender } from './words.js';

/**
 * FRAG-001: a datagram that needs fragmentation once encapsulated is sent as an outer
 * fragment set (RFC 6333 §5.3, §6.3; RFC 2473 §7). What the tunnel side alone shows is
 * split into FRAG-002/003 (the inner packet was fragmented instead) and FRAG-007…013 (the
 * outer fragments themselves); this rule adds what needs a second capture: a datagram that
 * arrived at the endpoint (on the AFTR's Internet side, on the B4's LAN side), was too big
 * for the tunnel link, and never entered the softwire, with no ICMPv4 Fragmentation Needed
 * to its source either: a silent drop. (With that ICMP the case belongs to FRAG-006.)
 * The catalogue's T-only TCP retransmission heuristic for the B4 is not implemented.
 * Absence is weighed like with like: where the tunnel capture also lacks small datagrams of the
 * same flow near that moment, it may have lost this one too, and nothing is claimed.
 */
interface Held {
  readonly d: Ip4Datagram;
  readonly mtu: number;
  readonly inferred: boolean;
  readonly coverage: CoverageWatch;
}

export const rule: Rule = {
  meta: {
    id: 'FRAG-001',
    title: 'Oversized packets are fragmented after encapsulation (outer IPv6 fragments)',
    docs: 'with `--internet`/`--lan`: a datagram too big for the tunnel link once encapsulated reached the endpoint and never entered the softwire, with no ICMPv4 Fragmentation Needed either: a silent drop instead of outer fragmentation',
    rfc: [
      { document: '6333', section: '§5.3' },
      { document: '6333', section: '§6.3' },
      { document: '2473', section: '§7' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      silentDrop:
        '{what} arrived on {side} (frames {otherFrames}) and never entered the softwire: encapsulated it would be {encapsulated} bytes, over the {mtu}-byte {dir} link MTU{inferred}, so the {endpoint} had to fragment the outer IPv6 packet (RFC 6333 {section}); no ICMPv4 Fragmentation Needed went back to its source either: a silent drop{note}',
      uncovered:
        '{what} arrived on {side} (frames {otherFrames}), too big for the {mtu}-byte {dir} link MTU once encapsulated, and is not in the tunnel capture; neither are smaller datagrams of the same flow near then (frames {hole} on {side}), so the tunnel capture did not cover that flow and nothing is claimed about the {endpoint}',
    },
  },
  create(context) {
    const sides = context.config.sides;
    if (!sides.length) return {};
    const mtus = createMtuView(context.config);
    const icmp = { internet: createIcmpMemo(), lan: createIcmpMemo() };
    const pending = { internet: createDeferred<Held>(), lan: createDeferred<Held>() };
    const coverage = { internet: context.coverage('internet', 'other'), lan: context.coverage('lan', 'other') };
    return {
      'softwire-packet': (e) => mtus.see(e),
      'side-datagram': (e) => icmp[e.side].note(e.datagram),
      unpaired(e) {
        if (e.origin !== 'other' || !e.inSpan || e.dir !== INTO_TUNNEL[e.side]) return;
        const d = e.datagram;
        if (d.icmp || isOffloadSegment(d.protocol, d.totalLength)) return;
        const { value, inferred } = mtus.mtu(e.dir);
        if (d.totalLength + 40 <= value || icmp[e.side].find(d)) return;
        pending[e.side].add({ d, mtu: value, inferred, coverage: coverage[e.side].watch(sideFlow(d), d.time) });
      },
      'correlation-end'(e) {
        const confidence: Confidence = absenceConfidence(e.drops);
        const side = e.side;
        context.suppress(pending[side].dropped);
        for (const { d, mtu, inferred, coverage: w } of pending[side].take()) {
          const dir = INTO_TUNNEL[side];
          if (w.hole) {
            context.report({
              messageId: 'uncovered',
              data: {
                what: datagramText(d),
                side: SIDE_TEXT[side],
                otherFrames: frameText(d.frames),
                mtu,
                dir,
                hole: frameText(w.hole),
                endpoint: sender(dir),
              },
              frames: d.frames,
              input: e.otherInput,
              confidence: 'possible',
              severity: 'info',
            });
            continue;
          }
          // No other datagram of the flow shows the tunnel capture covered it: no more than likely.
          const covered = w.covered ? confidence : confidence === 'confirmed' ? 'likely' : confidence;
          context.report({
            messageId: 'silentDrop',
            data: {
              what: datagramText(d),
              side: SIDE_TEXT[side],
              otherFrames: frameText(d.frames),
              encapsulated: d.totalLength + 40,
              mtu,
              dir,
              inferred: inferred ? ' (the largest tunnel packet seen that way; give --mtu to state it)' : '',
              endpoint: sender(dir),
              section: dir === 'up' ? '§5.3' : '§6.3',
              note: absenceNote(confidence),
            },
            frames: d.frames,
            input: e.otherInput,
            confidence: inferred && covered === 'confirmed' ? 'likely' : covered,
          });
        }
      },
    };
  },
};
