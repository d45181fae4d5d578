import { createFragNeededWatch, datagramText, INTO_TUNNEL, SIDE_TEXT } from './two-point.js';
import type { Rule } from './types.js';
import { frameText, hex, sender } from './words.js';
import { createFifoMap } from '../track/fifo-map.js';

const ENTERED_HELD = 4096;

/**
 * FRAG-006: oversized inner packets are handled as the selected profile says (catalogue
 * §3.1). rfc6333 (P1): always fragment the outer packet, DF or not (RFC 6333 §5.3/§6.3).
 * rfc2473 (P2): DF=1 → drop and send ICMPv4 Fragmentation Needed with the tunnel MTU, DF=0
 * → fragment the outer packet (RFC 2473 §7.2). The ICMP goes to the packet's source, so it
 * is seen on the side capture (Internet side for the AFTR, LAN side for the B4); a
 * fragmented DF=1 packet is seen on the tunnel alone. Silent drops are FRAG-001's.
 */
export const rule: Rule = {
  meta: {
    id: 'FRAG-006',
    title: 'DF handling of oversized inner packets matches the selected profile',
    docs: 'DF handling of oversized packets matches `--df-profile`: under rfc6333 an ICMPv4 3/4 sent instead of fragmenting is an error; under rfc2473 an ICMPv4 3/4 for a DF=0 packet is an error and an outer-fragmented DF=1 packet is tolerated (info)',
    rfc: [
      { document: '6333', section: '§5.3' },
      { document: '2473', section: '§7.2' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      icmpInsteadOfFragmenting:
        '{what} arrived on {side} (frames {otherFrames}) and was answered with ICMPv4 Fragmentation Needed (next-hop MTU {icmpMtu}, frame {icmpFrames}){instead}: under the rfc6333 profile the {endpoint} must fragment the encapsulated packet whatever DF says (RFC 6333 {section}); choose --df-profile rfc2473 if this network follows RFC 2473 §7.2',
      icmpForDfClear:
        '{what} arrived on {side} (frames {otherFrames}) with DF=0 and was answered with ICMPv4 Fragmentation Needed (frame {icmpFrames}){instead}: RFC 2473 §7.2 has the {endpoint} fragment the tunnel packet when DF is clear',
      fragmentedDf:
        '{dir} inner IPv4 datagram ({size} bytes, ID {id}) with DF=1 was outer-fragmented (frames {frames}); the rfc2473 profile expects ICMPv4 Fragmentation Needed instead (RFC 2473 §7.2), RFC 6333 §5.3 allows fragmenting: tolerated',
    },
  },
  create(context) {
    const profile = context.config.dfProfile;
    const handlers: ReturnType<Rule['create']> = {
      'outer-datagram'(e) {
        const o = e.datagram;
        if (profile !== 'rfc2473' || (o.status !== 'complete' && o.status !== 'overlap')) return;
        const re = o.reassembled?.net;
        const inner = re?.kind === 'ip6' ? re.inner : undefined;
        if (!inner?.hdr.df || inner.hdr.mf || inner.hdr.fragOffset > 0) return;
        context.report({
          messageId: 'fragmentedDf',
          data: { dir: o.dir, size: inner.hdr.totalLength, id: hex(inner.hdr.id, 4), frames: frameText(o.set.frames) },
          frames: o.set.frames,
          input: e.input,
          confidence: 'confirmed',
          severity: 'info',
        });
      },
    };
    if (!context.config.sides.length) return handlers;
    const watch = createFragNeededWatch(context.config);
    // Inner fragments that did enter, by what translation keeps (source, protocol, ID): a datagram
    // answered with Fragmentation Needed may still have sent pieces through (FRAG-002, FRAG-003).
    const entered = createFifoMap<string, number[]>();
    return {
      ...handlers,
      'softwire-packet'(e) {
        watch.see(e);
        const h = e.inner?.hdr;
        if (!h || (!h.mf && h.fragOffset === 0)) return;
        const k = `${h.src}/${h.protocol}#${h.id}`;
        const frames = entered.get(k);
        if (frames) frames.push(e.meta.frame);
        else {
          entered.set(k, [e.meta.frame]);
          if (entered.size > ENTERED_HELD) entered.delete(entered.oldest()![0]);
        }
      },
      'side-datagram': (e) => watch.note(e.side, e.datagram),
      unpaired(e) {
        const found = watch.answered(e);
        if (!found) return;
        const { d, answer } = found;
        if (profile === 'rfc2473' && d.df) return;
        const dir = INTO_TUNNEL[e.side];
        const pieces = entered.get(`${d.src}/${d.protocol}#${d.id}`);
        const data = {
          instead: pieces
            ? `, and yet fragments of it entered the softwire cut for the tunnel (frames ${frameText(pieces)} in the tunnel; ${dir === 'up' ? 'FRAG-002' : 'FRAG-003'} judges them)`
            : ' instead of entering the softwire',
          what: datagramText(d),
          side: SIDE_TEXT[e.side],
          otherFrames: frameText(d.frames),
          icmpMtu: answer.icmp.mtu,
          icmpFrames: frameText(answer.frames),
          endpoint: sender(dir),
          section: dir === 'up' ? '§5.3' : '§6.3',
        };
        context.report({
          messageId: profile === 'rfc6333' ? 'icmpInsteadOfFragmenting' : 'icmpForDfClear',
          data,
          frames: [...d.frames, ...answer.frames],
          input: d.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
