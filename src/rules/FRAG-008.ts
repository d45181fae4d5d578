import type { Rule } from './types.js';
import { frameText, hex, receiver, sender } from './words.js';
import { datagramText, FROM_TUNNEL, pairEvidence, SIDE_TEXT } from './two-point.js';

/** FRAG-008: no overlapping outer fragments (RFC 5722 §4); a receiver discards an overlapping set whole. */
export const rule: Rule = {
  meta: {
    id: 'FRAG-008',
    title: 'No overlapping outer fragments; receiver discards overlapping sets',
    docs: 'no overlapping outer fragments (identical and inconsistent bytes told apart); the receiver must discard the set: with `--internet`/`--lan`, a datagram from an overlapping set that left the receiving endpoint is a violation too',
    rfc: [
      { document: '5722', section: '§4' },
      { document: '8200', section: '§4.5' },
    ],
    level: 'MUST NOT',
    kind: 'decidable',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      overlap:
        'outer fragments of datagram ID {id} overlap ({kind} bytes where they meet; overlapping piece at frame {overlapFrames}; set at frames {frames}) — sent by the {sender}; RFC 5722 §4 forbids creating them and requires the {receiver} to discard the whole datagram',
      accepted:
        'the {receiver} did not discard the overlapping outer fragment set at frames {frames}: its datagram ({what}) left on {side} (frames {otherFrames}); RFC 5722 §4 requires discarding the whole datagram',
    },
  },
  create(context) {
    return {
      pair(e) {
        // Only the receiving endpoint's far side shows whether it discarded the set.
        if (!e.tunnel.outerOverlap || e.dir !== FROM_TUNNEL[e.side]) return;
        context.report({
          messageId: 'accepted',
          data: {
            receiver: receiver(e.dir),
            frames: frameText(e.tunnel.frames),
            what: datagramText(e.other),
            side: SIDE_TEXT[e.side],
            otherFrames: frameText(e.other.frames),
          },
          ...pairEvidence(e),
        });
      },
      'outer-datagram'(e) {
        const d = e.datagram;
        if (d.status !== 'overlap') return;
        // An overlap flood reports a set per packet: past the limit, only count.
        if (context.atLimit(e.input, d.set.frames)) return context.suppress(1);
        context.report({
          messageId: 'overlap',
          data: {
            id: hex(d.id),
            kind: d.set.overlap,
            overlapFrames: frameText(d.set.overlapFrames),
            frames: frameText(d.set.frames),
            sender: sender(d.dir),
            receiver: receiver(d.dir),
          },
          frames: d.set.frames,
          input: e.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
