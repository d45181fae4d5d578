import type { Confidence } from '../report/model.js';
import type { Ip4Datagram } from '../track/ip4-datagram.js';
import { absenceConfidence, absenceNote, createDeferred, createIcmpMemo, createMtuView, datagramText, INTO_TUNNEL, SIDE_TEXT } from './two-point.js';
import type { Rule } from './types.js';
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
 */
interface Held {
  readonly d: Ip4Datagram;
  readonly mtu: number;
  readonly inferred: boolean;
}

export const rule: Rule = {
  meta: {
    id: 'FRAG-001',
    title: 'Oversized packets are fragmented after encapsulation (outer IPv6 fragments)',
    rfc: [
      { document: '6333', section: '§5.3' },
      { document: '6333', section: '§6.3' },
      { document: '2473', section: '§7' },
    ],
    level: 'MUST',
    kind: 'D/H',
    needs: ['T', 'N', 'L'],
    defaultSeverity: 'error',
    messages: {
      silentDrop:
        '{what} arrived on {side} (frames {otherFrames}) and never entered the softwire: encapsulated it would be {encapsulated} bytes, over the {mtu}-byte {dir} link MTU{inferred}, so the {endpoint} had to fragment the outer IPv6 packet (RFC 6333 {section}); no ICMPv4 Fragmentation Needed went back to its source either: a silent drop{note}',
    },
  },
  create(context) {
    const sides = context.config.sides;
    if (!sides.length) return {};
    const mtus = createMtuView(context.config);
    const icmp = { internet: createIcmpMemo(), lan: createIcmpMemo() };
    const pending = { internet: createDeferred<Held>(), lan: createDeferred<Held>() };
    return {
      'softwire-packet': (e) => mtus.see(e),
      'side-datagram': (e) => icmp[e.side].note(e.datagram),
      unpaired(e) {
        if (e.origin !== 'other' || !e.inSpan || e.dir !== INTO_TUNNEL[e.side]) return;
        const d = e.datagram;
        if (d.icmp) return;
        const { value, inferred } = mtus.mtu(e.dir);
        if (d.totalLength + 40 <= value || icmp[e.side].find(d)) return;
        pending[e.side].add({ d, mtu: value, inferred });
      },
      'correlation-end'(e) {
        const confidence: Confidence = absenceConfidence(e.drops);
        const side = e.side;
        context.suppress(pending[side].dropped);
        for (const { d, mtu, inferred } of pending[side].take()) {
          const dir = INTO_TUNNEL[side];
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
            confidence: inferred && confidence === 'confirmed' ? 'likely' : confidence,
          });
        }
      },
    };
  },
};

