import type { Rule } from './types.js';
import { frameText } from './words.js';

/** NAT-010: which filtering the AFTR shows toward remotes a binding never contacted (RFC 6888 REQ-7, RFC 4787 REQ-8, RFC 5382 REQ-3). */
export const rule: Rule = {
  meta: {
    id: 'NAT-010',
    title: 'Filtering behaviour (EIF recommended; protocol-dependent by default)',
    docs: 'with `--internet`: the filtering the AFTR shows toward remotes a binding never contacted (delivered: endpoint-independent; dropped: address-dependent)',
    rfc: [
      { document: '6888', section: 'REQ-7' },
      { document: '4787', section: 'REQ-8' },
      { document: '5382', section: 'REQ-3' },
    ],
    level: 'SHOULD',
    kind: 'informational',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'info',
    messages: {
      filtering:
        'of {total} datagram(s) from remotes a binding had not contacted, the AFTR delivered {delivered} (frames {deliveredFrames} on the Internet side) and dropped {dropped} (frames {droppedFrames}): {behaviour} (RFC 6888 REQ-7 recommends endpoint-independent filtering; RFC 4787 REQ-8)',
    },
  },
  create(context) {
    const delivered: number[] = [];
    const dropped: number[] = [];
    let nDelivered = 0;
    let nDropped = 0;
    let otherInput = 1;
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'down' || !n.owner || n.error || n.contacted) return;
        nDelivered++;
        otherInput = e.pair.other.input;
        if (delivered.length < 16) delivered.push(...e.pair.other.frames);
      },
      'nat-undelivered'(e) {
        if (e.nat.contacted) return;
        nDropped++;
        otherInput = e.nat.datagram.input;
        if (dropped.length < 16) dropped.push(...e.nat.datagram.frames);
      },
      'correlation-end'(e) {
        if (e.side !== 'internet' || nDelivered + nDropped === 0) return;
        const behaviour =
          nDropped === 0
            ? 'endpoint-independent filtering'
            : nDelivered === 0
              ? 'address- or address-and-port-dependent filtering'
              : 'filtering that differs between bindings or over time';
        context.report({
          messageId: 'filtering',
          data: {
            total: nDelivered + nDropped,
            delivered: nDelivered,
            dropped: nDropped,
            deliveredFrames: frameText(delivered) || '–',
            droppedFrames: frameText(dropped) || '–',
            behaviour,
          },
          frames: [...delivered, ...dropped].sort((a, b) => a - b),
          input: otherInput,
          // A drop is seen by its absence: as a classification it stays `likely`.
          confidence: nDropped ? 'likely' : 'confirmed',
        });
      },
    };
  },
};
