import type { Rule } from './types.js';
import { frameText, hex } from './words.js';
import { datagramText, INTO_TUNNEL, pairEvidence } from './two-point.js';

/** FRAG-015: an IPv4 datagram with DF=1 is never fragmented (RFC 6864 §4.3). */
export const rule: Rule = {
  meta: {
    id: 'FRAG-015',
    title: 'DF=1 IPv4 is never fragmented and DF is never cleared',
    docs: 'an IPv4 datagram with DF=1 is never fragmented; with a second capture, DF is never cleared between the two sides of a device',
    rfc: [{ document: '6864', section: '§4.3' }],
    level: 'MUST NOT',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      dfFragmented:
        'inner IPv4 datagram (ID {id}, {dir}) travels as {n} fragments with DF=1 (frames {frames}): a datagram with DF=1 must not be fragmented (RFC 6864 §4.3); {who}',
      dfCleared:
        '{what} crossed the {who} with DF=1 (frames {before} on {beforeSide}) and left it with DF=0 (frames {after} on {afterSide}): a forwarding device must not clear DF (RFC 6864 §4.3)',
    },
  },
  create(context) {
    return {
      pair(e) {
        // Which capture saw the datagram before the endpoint, and which after it.
        const intoTunnel = e.dir === INTO_TUNNEL[e.side];
        // Two picks, not a destructured pair: this runs on every pair, and the array was the rule's only allocation.
        const before = intoTunnel ? e.other : e.tunnel;
        const after = intoTunnel ? e.tunnel : e.other;
        if (!before.df || after.df) return;
        const sideName = e.side === 'internet' ? 'the Internet side' : 'the LAN side';
        context.report({
          messageId: 'dfCleared',
          data: {
            what: datagramText(before),
            who: e.side === 'internet' ? 'AFTR' : 'B4',
            before: frameText(before.frames),
            beforeSide: intoTunnel ? sideName : 'the tunnel',
            after: frameText(after.frames),
            afterSide: intoTunnel ? 'the tunnel' : sideName,
          },
          ...pairEvidence(e),
        });
      },
      'inner-datagram'(e) {
        const d = e.datagram;
        const df = d.pieces.filter((p) => p.df);
        if (df.length === 0) return;
        const who =
          d.dir === 'up'
            ? 'the B4 or a router on its LAN fragmented it'
            : 'the AFTR or a router on the Internet path fragmented it';
        context.report({
          messageId: 'dfFragmented',
          data: { id: hex(d.id, 4), dir: d.dir, n: d.pieces.length, frames: frameText(d.set.frames), who },
          frames: d.set.frames,
          input: e.input,
          confidence: 'likely',
        });
      },
    };
  },
};
