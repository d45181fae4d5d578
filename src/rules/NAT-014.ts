import type { Rule } from './types.js';
import { ip4ToString, ip6ToString, type Ip6Key } from '../codec/addr.js';
import { datagramText, pairEvidence } from './two-point.js';
import { frameText, hex } from './words.js';
import { createFifoMap } from '../track/fifo-map.js';

/** RFC 6864 §4.3: the maximum datagram lifetime within which an ID must not repeat. */
const LIFETIME = 120;
/** Keys remembered (oldest forgotten first): a bound on memory whatever the traffic. */
const HELD = 1 << 16;

interface Use {
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly time: number;
  readonly b4: Ip6Key;
  readonly frames: readonly number[];
  readonly input: number;
}

/** NAT-014: the AFTR does not send two non-atomic datagrams with one Identification per (source, destination, protocol) within 120 s for different subscribers (RFC 6864 §4.3, §5.3.1). */
export const rule: Rule = {
  meta: {
    id: 'NAT-014',
    title: 'IPv4 ID of translated non-atomic datagrams not repeated per (src,dst,proto)',
    docs: 'with `--internet`: two non-atomic datagrams of different subscribers leave with one IPv4 ID for the same (source, destination, protocol) within 120 s, `likely`',
    rfc: [
      { document: '6864', section: '§5.3.1' },
      { document: '7857', section: '§10' },
    ],
    level: 'MUST',
    kind: 'heuristic',
    needs: ['internet', 'tunnel'],
    defaultSeverity: 'error',
    messages: {
      repeated:
        "{what} from B4 {b4} left the AFTR with ID {id}, which {external} → {dst} had used {gap} s before for B4 {previous} (frames {previousFrames} on the Internet side), both non-atomic: a destination may reassemble one subscriber's fragments with another's; an address-sharing device must choose IDs as if it sourced the datagrams (RFC 6864 §5.3.1)",
    },
  },
  create(context) {
    // Keyed by a 52-bit hash of (source, destination, protocol, ID), checked field by field: no string per datagram.
    // Oldest first in O(1) however many were replaced: a plain Map's front fills with deleted slots that every eviction would step over.
    const uses = createFifoMap<number, Use>();
    const reported = new Set<string>();
    const keyOf = (src: number, dst: number, protocol: number, id: number): number => {
      const a = Math.imul(Math.imul(src ^ 0x811c9dc5, 0x01000193) ^ dst, 0x01000193) >>> 0;
      return a * 0x100000 + (((id << 4) ^ protocol ^ (dst >>> 12)) & 0xfffff);
    };
    return {
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up') return;
        const o = e.other;
        // Atomic datagrams (DF=1, unfragmented) are exempt (RFC 6864 §4).
        if (o.df && !o.fragments) return;
        const k = keyOf(o.src, o.dst, o.protocol, o.id);
        const b4 = e.tunnel.softwire.b4;
        const found = uses.get(k);
        const prev =
          found && found.src === o.src && found.dst === o.dst && found.protocol === o.protocol && found.id === o.id
            ? found
            : undefined;
        if (prev && prev.b4 !== b4 && o.time - prev.time < LIFETIME && !reported.has(`${k}|${b4}`)) {
          reported.add(`${k}|${b4}`);
          context.report({
            messageId: 'repeated',
            data: {
              what: datagramText(e.tunnel),
              b4: ip6ToString(b4),
              id: hex(o.id, 4),
              external: ip4ToString(o.src),
              dst: ip4ToString(o.dst),
              gap: (o.time - prev.time).toFixed(3),
              previous: ip6ToString(prev.b4),
              previousFrames: frameText(prev.frames),
            },
            ...pairEvidence(e),
            related: [{ input: o.input, frames: [...prev.frames, ...o.frames] }],
            // The ID was copied or chosen by the AFTR: visible, but whether a destination was hurt is not.
            confidence: 'likely',
          });
        }
        uses.set(k, {
          src: o.src,
          dst: o.dst,
          protocol: o.protocol,
          id: o.id,
          time: o.time,
          b4,
          frames: o.frames,
          input: o.input,
        });
        if (uses.size > HELD) uses.delete(uses.oldest()![0]);
      },
    };
  },
};
