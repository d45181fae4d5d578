import { reassemblyBeforeDecapRule } from './reassembly-before-decap.js';

/**
 * FRAG-005: the B4 reassembles outer fragments before it decapsulates (RFC 6333 §5.3, RFC 2473 §7).
 * Decided with a LAN-side capture; the catalogue's T-only TCP acknowledgement inference is not implemented.
 */
export const rule = reassemblyBeforeDecapRule(
  {
    id: 'FRAG-005',
    title: 'B4 reassembles before decapsulating',
    docs: 'with `--lan`: the B4 reassembles before decapsulating (the same two checks downstream)',
    rfc: [
      { document: '6333', section: '§5.3' },
      { document: '2473', section: '§7' },
    ],
    level: 'MUST',
    kind: 'heuristic',
    needs: ['tunnel', 'lan'],
    defaultSeverity: 'error',
    messages: {
      decapsulatedFragments:
        'down outer fragment set (frames {frames}) reached {side} as IPv4 fragments of {sizes} bytes (frames {otherFrames}; {what}) cut where the outer fragments were cut (inner data offset {cuts}): the B4 decapsulated each outer fragment instead of reassembling first (RFC 6333 §5.3)',
      setsDropped:
        '{sets} down datagrams that crossed the tunnel in outer fragment sets (frames {frames}) never reached {side}, while unfragmented datagrams of the same flows did within {span} s of each: the B4 drops fragmented softwire traffic instead of reassembling it (RFC 6333 §5.3)',
    },
  },
  'lan',
  'down',
);
