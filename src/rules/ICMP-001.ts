import { IPV6_LENGTH } from '../codec/ipv6.js';
import { TEL_HEADER_LENGTH } from '../codec/ipv6-ext.js';
import { createFragNeededWatch, datagramText, SIDE_TEXT } from './two-point.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

/**
 * ICMP-001: under the rfc2473 profile (RFC 2473 §7.2(a), §8.3) an oversized DF=1 datagram is
 * answered with ICMPv4 3/4 whose Next-Hop MTU is the tunnel MTU: the link MTU less the tunnel
 * header (40 bytes, 48 with the encapsulation-limit option), never 0 (RFC 1191 §4). Judged
 * where the answer is seen: the Internet side for the AFTR, the LAN side for the B4. Whether
 * an answer came at all is FRAG-001's (silent drop) and FRAG-006's (the profile itself).
 */
export const rule: Rule = {
  meta: {
    id: 'ICMP-001',
    title: 'Under P2, DF=1 oversized → ICMPv4 3/4 with Next-Hop MTU = tunnelMTU',
    docs: "with `--df-profile rfc2473` and `--internet` or `--lan`: the ICMPv4 Fragmentation Needed answering an oversized DF=1 datagram carries the tunnel MTU (the configured link MTU less 40, or 48 with the encapsulation-limit option), never 0 and never the datagram's own size or more",
    rfc: [
      { document: '2473', section: '§7.2' },
      { document: '2473', section: '§8.3' },
      { document: '1191', section: '§4' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      wrongMtu:
        '{what} arrived on {side} (frames {otherFrames}) too big for the tunnel and was answered with ICMPv4 Fragmentation Needed (frame {icmpFrames}) whose Next-Hop MTU is {icmpMtu}, not the tunnel MTU {expected} ({mtuSource} link MTU {linkMtu} less the {header}-byte tunnel header): RFC 2473 §7.2(a) gives the source the tunnel MTU',
      notBelow:
        '{what} arrived on {side} (frames {otherFrames}) too big for the tunnel and was answered with ICMPv4 Fragmentation Needed (frame {icmpFrames}) whose Next-Hop MTU {icmpMtu} is not below its own size {size}: the source learns nothing from it (RFC 2473 §7.2(a), RFC 1191 §4)',
      zeroMtu:
        '{what} arrived on {side} (frames {otherFrames}) too big for the tunnel and was answered with ICMPv4 Fragmentation Needed (frame {icmpFrames}) whose Next-Hop MTU is 0: the source cannot learn the tunnel MTU (RFC 1191 §4, RFC 2473 §7.2(a))',
    },
  },
  create(context) {
    if (context.config.dfProfile !== 'rfc2473' || !context.config.sides.length) return {};
    const watch = createFragNeededWatch(context.config);
    return {
      'softwire-packet': (e) => watch.see(e),
      'side-datagram': (e) => watch.note(e.side, e.datagram),
      unpaired(e) {
        const found = watch.answered(e);
        if (!found?.d.df) return;
        const { d, answer, link } = found;
        const got = answer.icmp.mtu;
        const tunnel = link.value - IPV6_LENGTH;
        // With the encapsulation-limit option the tunnel MTU is 8 bytes less; either is the endpoint's tunnel MTU.
        // An inferred link MTU is only a lower bound (the largest packet seen): then only an MTU that cannot be right is judged.
        const messageId =
          got === 0
            ? 'zeroMtu'
            : got >= d.totalLength
              ? 'notBelow'
              : !link.inferred && got !== tunnel && got !== tunnel - TEL_HEADER_LENGTH
                ? 'wrongMtu'
                : undefined;
        if (!messageId) return;
        context.report({
          messageId,
          data: {
            what: datagramText(d),
            side: SIDE_TEXT[e.side],
            otherFrames: frameText(d.frames),
            icmpFrames: frameText(answer.frames),
            icmpMtu: got,
            size: d.totalLength,
            expected: tunnel,
            linkMtu: link.value,
            mtuSource: 'the configured',
            header: IPV6_LENGTH,
          },
          frames: [...d.frames, ...answer.frames],
          input: d.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
