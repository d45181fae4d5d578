import type { Rule } from './types.js';
import { ip4ToString, ip6ToString, isPrivateIp4 } from '../codec/addr.js';
import { datagramText, pairEvidence } from './two-point.js';
import { frameText } from './words.js';
import { createTally, LISTED_FRAMES } from './tally.js';
import type { Ip6Key } from '../codec/addr.js';

/** B4s, and distinct unauthorised sources per B4, named in the finding. */
const LISTED_SOURCES = 5;
/** B4s counted one by one from the tunnel capture alone; the rest only add to the packet count. */
const B4_HELD = 4096;

/**
 * SEC-001: the AFTR forwards only RFC 1918, IANA-reserved or pre-authorised inner sources (RFC 6333 §11).
 * With the Internet side, a forwarded one is the violation. Without it, only what B4s sent can be
 * seen (catalogue: "B4 sent unauthorised inner source", info): spoofing or a misconfigured B4.
 */
export const rule: Rule = {
  meta: {
    id: 'SEC-001',
    title: 'AFTR forwards only RFC 1918 / IANA-reserved / pre-authorised inner sources',
    docs: 'with `--internet`: the AFTR forwarded a datagram whose inner source is neither RFC 1918, 192.0.0.0/29 nor `--authorised-source`; without it, B4s that sent such sources (info)',
    rfc: [{ document: '6333', section: '§11' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet', 'config'],
    defaultSeverity: 'error',
    scope: 'capture',
    messages: {
      forwarded:
        'B4 {b4} sent {what} from {source}, neither RFC 1918 nor 192.0.0.0/29 nor authorised (frames {tunnelFrames}), and the AFTR forwarded it as {external} (frames {internetFrames}): it must drop such packets (RFC 6333 §11; --authorised-source PREFIX names other allowed sources)',
      sent: '{b4s} sent {count} inner IPv4 {packets} from sources neither RFC 1918 nor 192.0.0.0/29 nor authorised ({sources}; frames {frames}): the AFTR must drop {them} (RFC 6333 §11); give --internet to see whether it did, --authorised-source PREFIX to allow a source',
    },
  },
  create(context) {
    const authorised = context.config.authorisedSources;
    const allowed = (src: number): boolean => isPrivateIp4(src) || authorised.some((p) => (src & p.mask) === p.network);
    if (!context.config.sides.includes('internet')) {
      const sent = createTally<Ip6Key, { sources: Set<number> }>();
      // A flood of spoofed B4s must not grow the tally without bound: past B4_HELD only counts.
      let unlisted = 0;
      return {
        'softwire-packet'(e) {
          const h = e.inner?.hdr;
          if (e.dir !== 'up' || !h || h.fragOffset > 0 || allowed(h.src)) return;
          if (sent.size >= B4_HELD && !sent.has(e.softwire.b4)) {
            unlisted++;
            return;
          }
          const s = sent.note(e.softwire.b4, e.meta.frame, () => ({ sources: new Set<number>() }));
          if (s.example.sources.size < LISTED_SOURCES) s.example.sources.add(h.src);
        },
        'input-end'(e) {
          const all = sent.entries();
          if (all.length) {
            const count = all.reduce((n, [, s]) => n + s.count, unlisted);
            const sourcesOf = (x: { sources: Set<number> }): string => [...x.sources].map(ip4ToString).join(', ');
            // One finding per capture: a flood of spoofed B4s is one story, told with its first B4s.
            const sources =
              all.length === 1
                ? sourcesOf(all[0]![1].example)
                : all
                    .slice(0, LISTED_SOURCES)
                    .map(([b4, s]) => `${ip6ToString(b4)}: ${sourcesOf(s.example)}`)
                    .join('; ') + (all.length > LISTED_SOURCES ? '; …' : '');
            const frames = all
              .flatMap(([, s]) => s.frames)
              .sort((a, b) => a - b)
              .slice(0, LISTED_FRAMES);
            context.report({
              messageId: 'sent',
              data: {
                b4s:
                  all.length === 1
                    ? `B4 ${ip6ToString(all[0]![0])}`
                    : `${unlisted ? 'more than ' : ''}${all.length} B4s`,
                count,
                packets: count === 1 ? 'packet' : 'packets',
                them: count === 1 ? 'it' : 'them',
                sources,
                frames: frameText(frames),
              },
              frames,
              input: e.input,
              confidence: 'confirmed',
              severity: 'info',
            });
          }
          sent.clear();
          unlisted = 0;
        },
      };
    }
    return {
      pair(e) {
        if (e.side !== 'internet' || e.dir !== 'up') return;
        const t = e.tunnel;
        if (allowed(t.src)) return;
        context.report({
          messageId: 'forwarded',
          data: {
            b4: ip6ToString(t.softwire.b4),
            what: datagramText(t),
            source: ip4ToString(t.src),
            external: ip4ToString(e.other.src),
            tunnelFrames: frameText(t.frames),
            internetFrames: frameText(e.other.frames),
          },
          ...pairEvidence(e),
        });
      },
    };
  },
};
