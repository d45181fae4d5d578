import { reassemblyBeforeDecapRule } from './reassembly-before-decap.js';

/** FRAG-004: the AFTR reassembles outer fragments before it decapsulates (RFC 6333 §6.3, RFC 2473 §7). */
export const rule = reassemblyBeforeDecapRule(
  {
    id: 'FRAG-004',
    title: 'AFTR reassembles before decapsulating',
    docs: 'with `--internet`: the AFTR reassembles before decapsulating; IPv4 fragments cut where the outer fragments were cut are a violation; outer sets never translated while whole datagrams of the softwire are, a likely one',
    rfc: [
      { document: '6333', section: '§6.3' },
      { document: '2473', section: '§7' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      decapsulatedFragments:
        'up outer fragment set (frames {frames}) left the AFTR on {side} as IPv4 fragments of {sizes} bytes (frames {otherFrames}; {what}) cut where the outer fragments were cut (inner data offset {cuts}): the AFTR decapsulated each outer fragment instead of reassembling first (RFC 6333 §6.3)',
      setsDropped:
        '{sets} up datagrams that crossed the tunnel in outer fragment sets (frames {frames}) never appeared on {side}, while unfragmented datagrams of the same flows did within {span} s of each: the AFTR drops fragmented softwire traffic instead of reassembling it (RFC 6333 §6.3)',
    },
  },
  'internet',
  'up',
);
