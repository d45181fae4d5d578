import { innerFragmentationRule } from './inner-fragmentation.js';

/** FRAG-002: the B4 must not fragment the inner IPv4 packet when only the encapsulated packet is oversized (RFC 6333 §5.3). */
export const rule = innerFragmentationRule(
  {
    id: 'FRAG-002',
    title: 'B4 does not fragment the inner IPv4 packet when only the encapsulated packet is oversized',
    docs: 'the B4 does not fragment the inner IPv4 packet when only the encapsulated packet is oversized: `confirmed` with `--lan` (whole on the LAN, fragmented in the tunnel); from the tunnel alone a heuristic (reassembled length ≤ LAN MTU, first fragment fills the tunnel MTU, each fragment in its own tunnel packet), `likely`',
    rfc: [{ document: '6333', section: '§5.3' }],
    level: 'MUST NOT',
    kind: 'heuristic',
    needs: ['tunnel', 'lan'],
    defaultSeverity: 'error',
    messages: {
      fragmentedWhole:
        'inner IPv4 datagram ({lr} bytes, ID {id}) arrived whole on {side} (frames {otherFrames}) and entered the softwire as IPv4 fragments of {sizes} bytes (frames {frames}): the B4 fragmented the inner packet; RFC 6333 §5.3 requires fragmenting the encapsulated IPv6 packet instead; {reference}{also}',
      refragmented:
        'inner IPv4 datagram ({lr} bytes, ID {id}) arrived on {side} as fragments of {otherSizes} bytes (frames {otherFrames}) and entered the softwire cut smaller, into {sizes} bytes (frames {frames}): the B4 fragmented the inner packet for the tunnel (RFC 6333 §5.3); {reference}',
      firstPieceLost:
        'inner IPv4 datagram ({lr} bytes, ID {id}) arrived whole on {side} (frames {otherFrames}), and only its fragments at data offsets {offsets} entered the softwire (frames {frames}): the B4 fragmented the inner packet and the first {missing} bytes never entered; RFC 6333 §5.3 requires fragmenting the encapsulated IPv6 packet instead; {reference}{also}',
      firstPieceMissing:
        'only the trailing fragments of inner IPv4 datagram ({lr} bytes, ID {id}) entered the softwire, at data offsets {offsets} (frames {frames}): the missing first piece would have been {firstSize} bytes, filling a {tunnelMtu}-byte tunnel MTU, so the B4 cut the inner packet for the tunnel and the link refused the first piece; RFC 6333 §5.3 requires outer fragmentation (from the tunnel side alone other causes cannot be ruled out)',
      innerFragmented:
        'inner IPv4 datagram ({lr} bytes, ID {id}) fragmented before encapsulation into {sizes} bytes at frames {frames}; {why}: RFC 6333 §5.3 requires outer fragmentation (from the tunnel side alone a LAN router cannot be ruled out)',
    },
  },
  'up',
  'lan',
  'likely',
);
