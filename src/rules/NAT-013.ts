import type { CoverageWatch, ReportDescriptor, Rule } from './types.js';
import { TCP_RST } from '../codec/tcp.js';
import { absenceConfidence, absenceNote, createDeferred, datagramText, tunnelFlow } from './two-point.js';
import type { TunnelDatagram } from '../track/ip4-datagram.js';
import { frameText } from './words.js';

/** NAT-013: TCP resets are translated and forwarded both ways (RFC 5382 REQ-2, RFC 7857 §2.2). */
export const rule: Rule = {
  meta: {
    id: 'NAT-013',
    title: 'TCP sequences incl. simultaneous open; RST translated',
    docs: 'with `--internet`: a TCP reset from the subscriber, or from the remote to a mapping, that the AFTR did not forward (absence-based)',
    rfc: [
      { document: '5382', section: 'REQ-2' },
      { document: '7857', section: '§2.2' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      rstDropped:
        '{what} ({from}, frames {frames}) never reached {to}: the AFTR must translate and forward a TCP reset that matches a mapping (RFC 7857 §2.2){note}',
    },
  },
  create(context) {
    const held = createDeferred<Omit<ReportDescriptor, 'confidence'> & { readonly coverage?: CoverageWatch }>();
    // Like with like: a subscriber's reset counts as dropped only where the Internet side showed
    // the same flow's other datagrams around it, and missed none of them.
    const coverage = context.coverage('internet');
    return {
      // A reset the AFTR forwarded is a pair: what this rule judged, though it keeps nothing of it.
      pair: () => {},
      unpaired(e) {
        // Watched before its own miss is noted (after the rules): the reset itself is then in the hole, and left out below.
        const r = e.datagram;
        const resetFromB4 =
          e.side === 'internet' &&
          e.inSpan &&
          e.origin === 'tunnel' &&
          e.dir === 'up' &&
          r.tcpFlags >= 0 &&
          (r.tcpFlags & TCP_RST) !== 0;
        const watch = resetFromB4 ? coverage.watch(tunnelFlow(r as TunnelDatagram), r.time) : undefined;
        if (e.side !== 'internet' || !e.inSpan || e.datagram.tcpFlags < 0 || (e.datagram.tcpFlags & TCP_RST) === 0)
          return;
        // A reset from the B4 (tunnel, up) or from the remote to a mapping (Internet side, down).
        const fromB4 = e.origin === 'tunnel' && e.dir === 'up';
        if (!fromB4 && !(e.origin === 'other' && e.dir === 'down')) return;
        const d = e.datagram;
        held.add({
          messageId: 'rstDropped',
          data: {
            what: `the TCP reset ${datagramText(d)}`,
            from: fromB4 ? 'sent by the subscriber into the softwire' : "arriving on the AFTR's Internet side",
            frames: frameText(d.frames),
            to: fromB4 ? "the AFTR's Internet side" : 'the softwire',
          },
          frames: d.frames,
          input: d.input,
          ...(fromB4 && watch && { coverage: watch }),
        });
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        const confidence = absenceConfidence(e.drops, 'likely');
        for (const { coverage: watch, ...h } of held.take()) {
          if (watch && (!watch.covered || watch.hole?.some((f) => !h.frames.includes(f)))) continue;
          context.report({ ...h, data: { ...h.data, note: absenceNote(confidence) }, confidence });
        }
        if (held.dropped) context.suppress(held.dropped);
      },
    };
  },
};
