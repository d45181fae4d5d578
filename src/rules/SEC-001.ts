import type { Rule } from './types.js';
import { ip4ToString, ip6ToString, isPrivateIp4 } from '../codec/addr.js';
import { datagramText, pairEvidence } from './two-point.js';
import { frameText } from './words.js';

/** SEC-001: the AFTR forwards only RFC 1918, IANA-reserved or pre-authorised inner sources (RFC 6333 §11). */
export const rule: Rule = {
  meta: {
    id: 'SEC-001',
    title: 'AFTR forwards only RFC 1918 / IANA-reserved / pre-authorised inner sources',
    rfc: [{ document: '6333', section: '§11' }],
    level: 'MUST',
    kind: 'D',
    needs: ['T', 'N', 'C'],
    defaultSeverity: 'error',
    messages: {
      forwarded:
        'B4 {b4} sent {what} from {source}, neither RFC 1918 nor 192.0.0.0/29 nor authorised (frames {tunnelFrames}), and the AFTR forwarded it as {external} (frames {internetFrames}): it must drop such packets (RFC 6333 §11; --authorised-source PREFIX names other allowed sources)',
    },
  },
  create(context) {
    const authorised = context.config.authorisedSources;
    return {
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up') return;
        const t = e.tunnel;
        if (isPrivateIp4(t.src) || authorised.some((p) => (t.src & p.mask) === p.network)) return;
        context.report({
          messageId: 'forwarded',
          data: { b4: ip6ToString(t.softwire.b4), what: datagramText(t), source: ip4ToString(t.src), external: ip4ToString(e.other.src), tunnelFrames: frameText(t.frames), internetFrames: frameText(e.other.frames) },
          ...pairEvidence(e),
        });
      },
    };
  },
};
