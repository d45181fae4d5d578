import type { Rule } from './types.js';
import { ip4ToString, ip6ToString, isPrivateIp4 } from '../codec/addr.js';
import { datagramText, pairEvidence } from './two-point.js';
import { frameText } from './words.js';

/** 192.0.0.0/29: the DS-Lite interface range (RFC 6333 §5.7, RFC 7335). */
const inDsLiteRange = (a: number): boolean => (a & 0xfffffff8) >>> 0 === 0xc0000000;

/** ADDR-001: 192.0.0.0/29 never appears on the AFTR's Internet side, and private inner sources never leave untranslated (RFC 6333 §5.7, §10; RFC 7335 §4, §6). */
export const rule: Rule = {
  meta: {
    id: 'ADDR-001',
    title: '192.0.0.0/29 never leaks to the native IPv4 side',
    docs: "with `--internet`: 192.0.0.0/29 on the AFTR's Internet side, or a private inner source forwarded untranslated",
    rfc: [
      { document: '6333', section: '§5.7' },
      { document: '7335', section: '§4' },
    ],
    level: 'MUST NOT',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      wellKnownOnInternet:
        "{what} carries {address} from 192.0.0.0/29 on the AFTR's Internet side (frames {frames}): that range exists only between B4 and AFTR and is never routed (RFC 6333 §5.7, RFC 7335 §4)",
      untranslated:
        'B4 {b4} sent {what} from private {address} (frames {tunnelFrames}) and the AFTR forwarded it to the Internet side untranslated (frames {internetFrames}): the NAT must translate every softwire source (RFC 6333 §6.6, RFC 7335 §4)',
    },
  },
  create(context) {
    return {
      'side-datagram'(e) {
        const d = e.datagram;
        if (e.side !== 'internet') return;
        const addr = inDsLiteRange(d.src) ? d.src : inDsLiteRange(d.dst) ? d.dst : undefined;
        if (addr === undefined) return;
        context.report({
          messageId: 'wellKnownOnInternet',
          data: { what: datagramText(d), address: ip4ToString(addr), frames: frameText(d.frames) },
          frames: d.frames,
          input: d.input,
          confidence: 'confirmed',
        });
      },
      pair(e) {
        // A private source other than the /29 (reported above) that left as it was.
        if (e.side !== 'internet' || e.dir !== 'up') return;
        const t = e.tunnel;
        if (e.other.src !== t.src || !isPrivateIp4(t.src) || inDsLiteRange(t.src)) return;
        context.report({
          messageId: 'untranslated',
          data: {
            b4: ip6ToString(t.softwire.b4),
            what: datagramText(t),
            address: ip4ToString(t.src),
            tunnelFrames: frameText(t.frames),
            internetFrames: frameText(e.other.frames),
          },
          ...pairEvidence(e),
        });
      },
    };
  },
};
