import { inIp6Prefix, ip4ToString, type Ip6Key, ip6ToString } from '../codec/addr.js';
import { PROTOCOL_NAMES } from '../codec/ipv4.js';
import { ICMP4_ERRORS } from '../codec/icmp.js';
import { datagramText } from './two-point.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

const HELD = 4096;

interface Served {
  readonly softwire: { readonly b4: Ip6Key; readonly aftr: Ip6Key };
  readonly frames: readonly number[];
  readonly input: number;
  readonly what: string;
  readonly related?: readonly { readonly input: number; readonly frames: readonly number[] }[];
}

/**
 * SEC-002: an AFTR serves only the B4s registered for the service (RFC 6333 §11, lower-case
 * should; RFC 6908 §2.12). Which B4s are registered is the operator's knowledge, given with
 * --registered-b4; without it nothing is judged. With the Internet side the proof is an up
 * datagram from another B4 translated onto the Internet; from the tunnel alone, the AFTR
 * sending such a B4 traffic (not an ICMP error) shows it served it.
 */
export const rule: Rule = {
  meta: {
    id: 'SEC-002',
    title: 'AFTR accepts softwires only from registered B4 prefixes',
    docs: 'with `--registered-b4 PREFIX`: the AFTR translated an up datagram of a B4 outside those prefixes onto the Internet side (with `--internet`), or sent such a B4 traffic down its softwire (`likely`)',
    rfc: [
      { document: '6333', section: '§11' },
      { document: '6908', section: '§2.12' },
    ],
    level: 'SHOULD',
    kind: 'informational',
    needs: ['tunnel', 'internet', 'config'],
    defaultSeverity: 'warning',
    scope: 'capture',
    messages: {
      translated:
        'the AFTR translated {what} from B4 {b4} onto the Internet side (frames {frames}; {otherFrames} on the Internet side), and {b4} is in none of the registered B4 prefixes {registered}: RFC 6333 §11 limits the service to registered customers',
      served:
        'the AFTR sent {what} down the softwire to B4 {b4} (frames {frames}), and {b4} is in none of the registered B4 prefixes {registered}: RFC 6333 §11 limits the service to registered customers',
    },
  },
  create(context) {
    const registered = context.config.registeredB4s;
    if (!registered.length) return {};
    const registeredText = registered.map((p) => `${ip6ToString(p.key)}/${p.length}`).join(', ');
    const outside = (b4: Ip6Key): boolean => !registered.some((p) => inIp6Prefix(b4, p));
    const withInternet = context.config.sides.includes('internet');
    const found = new Map<Ip6Key, Served>();
    const report = (s: Served): void => {
      const b4 = ip6ToString(s.softwire.b4);
      const data = {
        what: s.what,
        b4,
        frames: frameText(s.frames),
        registered: registeredText,
        otherFrames: frameText(s.related?.[0]?.frames ?? []),
      };
      context.report({
        messageId: s.related ? 'translated' : 'served',
        data,
        frames: s.frames,
        input: s.input,
        confidence: s.related ? 'confirmed' : 'likely',
        softwire: s.softwire,
        ...(s.related && { related: s.related }),
      });
    };
    return {
      'softwire-packet'(e) {
        if (withInternet || e.dir !== 'down' || found.has(e.softwire.b4) || found.size >= HELD) return;
        const p = e.inner;
        if (!p || (p.l4?.kind === 'icmp' && ICMP4_ERRORS.has(p.l4.hdr.type)) || !outside(e.softwire.b4)) return;
        found.set(e.softwire.b4, {
          softwire: { b4: e.softwire.b4, aftr: e.softwire.aftr },
          frames: [e.meta.frame],
          input: e.meta.input,
          what: `${PROTOCOL_NAMES[p.hdr.protocol]?.toUpperCase() ?? `protocol ${p.hdr.protocol}`} ${ip4ToString(p.hdr.src)} → ${ip4ToString(p.hdr.dst)}`,
        });
      },
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up') return;
        const sw = e.tunnel.softwire;
        if (found.has(sw.b4) || found.size >= HELD || !outside(sw.b4)) return;
        found.set(sw.b4, {
          softwire: { b4: sw.b4, aftr: sw.aftr },
          frames: e.tunnel.frames,
          input: e.tunnel.input,
          what: datagramText(e.tunnel),
          related: [{ input: e.other.input, frames: e.other.frames }],
        });
      },
      'input-end'() {
        if (withInternet) return;
        for (const s of found.values()) report(s);
        found.clear();
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        for (const s of found.values()) report(s);
        found.clear();
      },
    };
  },
};
