import type { Rule } from './types.js';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../codec/tcp.js';
import { ip4ToString } from '../codec/addr.js';
import { frameText } from './words.js';

/** RFC 5382 REQ-4: an unsolicited inbound SYN is not answered for at least 6 s. */
const QUIET = 6;
const HELD = 4096;

interface Syn {
  readonly src: number;
  readonly srcPort: number;
  readonly dst: number;
  readonly dstPort: number;
  readonly time: number;
  readonly frames: readonly number[];
}

/** NAT-012: the AFTR does not answer an unsolicited inbound SYN within 6 s (RFC 5382 REQ-4). */
export const rule: Rule = {
  meta: {
    id: 'NAT-012',
    title: 'Unsolicited inbound SYN: no answer for ≥6 s',
    docs: 'with `--internet`: an unsolicited inbound SYN (delivered to no softwire) answered within 6 s by a reset the AFTR made (from no softwire)',
    rfc: [{ document: '5382', section: 'REQ-4' }],
    level: 'MUST NOT',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      answered:
        'an unsolicited SYN from {remote} to {external} (frames {synFrames}) was answered by a reset from the AFTR {gap} s later (frames {rstFrames}): a NAT must not answer an unsolicited SYN for at least 6 s, and must drop it silently if an outbound SYN for that connection follows (RFC 5382 REQ-4)',
    },
  },
  create(context) {
    // Unpaired Internet-side datagrams only: an inbound SYN that went down no softwire, and a
    // reset that came out of no softwire (so the AFTR made it).
    const syns: Syn[] = [];
    return {
      unpaired(e) {
        if (e.side !== 'internet' || e.origin !== 'other' || !e.inSpan) return;
        const d = e.datagram;
        if (d.tcpFlags < 0) return;
        if ((d.tcpFlags & (TCP_SYN | TCP_ACK)) === TCP_SYN) {
          syns.push({ src: d.src, srcPort: d.srcPort, dst: d.dst, dstPort: d.dstPort, time: d.time, frames: d.frames });
          if (syns.length > HELD) syns.shift();
          return;
        }
        if ((d.tcpFlags & TCP_RST) === 0) return;
        const i = syns.findIndex(
          (s) =>
            s.dst === d.src &&
            s.dstPort === d.srcPort &&
            s.src === d.dst &&
            s.srcPort === d.dstPort &&
            d.time - s.time >= 0 &&
            d.time - s.time < QUIET,
        );
        if (i < 0) return;
        const s = syns.splice(i, 1)[0]!;
        context.report({
          messageId: 'answered',
          data: {
            remote: `${ip4ToString(s.src)}:${s.srcPort}`,
            external: `${ip4ToString(s.dst)}:${s.dstPort}`,
            synFrames: frameText(s.frames),
            gap: (d.time - s.time).toFixed(4),
            rstFrames: frameText(d.frames),
          },
          frames: [...s.frames, ...d.frames],
          input: d.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
