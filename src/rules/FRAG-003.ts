import { innerFragmentationRule } from './inner-fragmentation.js';

/** FRAG-003: the AFTR fragments after encapsulation, never the inner IPv4 packet, for tunnel reasons (RFC 6333 §6.3). */
export const rule = innerFragmentationRule(
  {
    id: 'FRAG-003',
    title: 'AFTR does not fragment the inner IPv4 packet for tunnel reasons',
    docs: 'the AFTR does not fragment the inner packet for tunnel reasons: `confirmed` with `--internet` (whole or cut larger on the Internet side); from the tunnel alone the same heuristic downstream, `possible` (a warning)',
    rfc: [{ document: '6333', section: '§6.3' }],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      fragmentedWhole:
        'inner IPv4 datagram ({lr} bytes, ID {id}) arrived whole on {side} (frames {otherFrames}) and entered the softwire as IPv4 fragments of {sizes} bytes (frames {frames}): the AFTR fragmented the inner packet; RFC 6333 §6.3 requires fragmenting the encapsulated IPv6 packet instead; {reference}{also}',
      refragmented:
        'inner IPv4 datagram ({lr} bytes, ID {id}) arrived on {side} as fragments of {otherSizes} bytes (frames {otherFrames}) and entered the softwire cut smaller, into {sizes} bytes (frames {frames}): the AFTR fragmented the inner packet for the tunnel (RFC 6333 §6.3); {reference}',
      firstPieceLost:
        'inner IPv4 datagram ({lr} bytes, ID {id}) arrived whole on {side} (frames {otherFrames}), and only its fragments at data offsets {offsets} entered the softwire (frames {frames}): the AFTR fragmented the inner packet and the first {missing} bytes never entered; RFC 6333 §6.3 requires fragmenting the encapsulated IPv6 packet instead; {reference}{also}',
      firstPieceMissing:
        'only the trailing fragments of inner IPv4 datagram ({lr} bytes, ID {id}) entered the softwire, at data offsets {offsets} (frames {frames}): the missing first piece would have been {firstSize} bytes, filling a {tunnelMtu}-byte tunnel MTU, so the AFTR cut the inner packet for the tunnel and the link refused the first piece; RFC 6333 §6.3 requires outer fragmentation (from the tunnel side alone other causes cannot be ruled out)',
      innerFragmented:
        'inner IPv4 datagram ({lr} bytes, ID {id}) fragmented before encapsulation into {sizes} bytes at frames {frames}; {why}: RFC 6333 §6.3 requires outer fragmentation (from the tunnel side alone fragmentation on the Internet path cannot be ruled out: give --internet to confirm)',
    },
  },
  'down',
  'internet',
  'possible',
);
