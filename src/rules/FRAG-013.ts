import type { Rule } from './types.js';
import { frameText, receiver } from './words.js';
import type { TunnelDatagram } from '../track/ip4-datagram.js';
import { absenceConfidence, absenceNote, FROM_TUNNEL, newTally, SIDE_TEXT, tally, type Tally } from './two-point.js';

/** FRAG-013: the receiving endpoint must reassemble tunnel packets larger than RFC 8200's 1500-byte minimum. Advisory. */
export const rule: Rule = {
  meta: {
    id: 'FRAG-013',
    title: 'Reassembly capacity ≥ largest tunnel packet (1540/1548)',
    docs: 'the receiving endpoint must reassemble tunnel packets above RFC 8200\'s 1500-byte minimum (1540, 1548 with TEL); with `--internet`/`--lan`, larger sets that never leave the endpoint while smaller ones do: "reassembly limit below tunnel need" (warning)',
    rfc: [
      { document: '8200', section: '§5' },
      { document: '4213', section: '§3.6' },
    ],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      capacity:
        'the {receiver} must reassemble {dir} tunnel packets of up to {size} bytes ({sets} fragmented); RFC 8200 §5 obliges a node to reassemble only 1500, so the {receiver} needs a larger reassembly capacity (RFC 4213 §3.6 by analogy)',
      limitBelowNeed:
        'reassembly limit below tunnel need: {lost} {dir} outer fragment set(s) of {lostSizes} bytes (frames {frames}) never left the {receiver} on {side}, while {kept} set(s) of up to {keptMax} bytes did; a 1500-byte packet makes a 1540-byte tunnel packet (RFC 8200 §5, RFC 4213 §3.6 by analogy){note}',
    },
  },
  create(context) {
    const fresh = () => ({ size: 0, sets: 0, frames: [] as number[] });
    let seen = { up: fresh(), down: fresh() };
    // With the receiving endpoint's far side: which reassembled sizes got through, which never did.
    const through = { internet: { kept: 0, keptMax: 0 }, lan: { kept: 0, keptMax: 0 } };
    // Never-left sets by tunnel packet size (sizes are few, so the map stays small).
    const lost = { internet: new Map<number, Tally>(), lan: new Map<number, Tally>() };
    const tunnelSize = (t: TunnelDatagram): number => t.totalLength + 40;
    return {
      pair(e) {
        if (e.dir !== FROM_TUNNEL[e.side] || !e.tunnel.outerBoundaries) return;
        const s = through[e.side];
        s.kept++;
        s.keptMax = Math.max(s.keptMax, tunnelSize(e.tunnel));
      },
      unpaired(e) {
        if (e.origin !== 'tunnel' || !e.inSpan || e.dir !== FROM_TUNNEL[e.side]) return;
        const t = e.datagram as TunnelDatagram;
        if (!t.outerBoundaries) return;
        const bySize = lost[e.side];
        const size = tunnelSize(t);
        let n = bySize.get(size);
        if (!n) bySize.set(size, (n = newTally()));
        tally(n, t.frames);
      },
      'correlation-end'(e) {
        const s = through[e.side];
        const over = [...lost[e.side]].filter(([size]) => size > s.keptMax).sort((a, b) => a[0] - b[0]);
        lost[e.side].clear();
        if (!s.kept || !over.length) return;
        const dir = FROM_TUNNEL[e.side];
        const confidence = absenceConfidence(e.drops, 'likely');
        const frames = over.flatMap(([, t]) => t.frames);
        context.report({
          messageId: 'limitBelowNeed',
          data: {
            lost: over.reduce((n, [, t]) => n + t.count, 0),
            dir,
            lostSizes: over.map(([size]) => size).join(', '),
            frames: frameText(frames),
            receiver: receiver(dir),
            side: SIDE_TEXT[e.side],
            kept: s.kept,
            keptMax: s.keptMax,
            note: absenceNote(confidence),
          },
          frames,
          input: e.tunnelInput,
          confidence,
          severity: 'warning',
        });
      },
      'outer-datagram'(e) {
        const d = e.datagram;
        const p = d.reassembled?.net;
        if (d.status !== 'complete' || p?.kind !== 'ip6') return;
        const s = seen[d.dir];
        const size = 40 + p.hdr.payloadLength;
        s.sets++;
        if (size > s.size) {
          s.size = size;
          s.frames = [...d.set.frames];
        }
      },
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          const s = seen[dir];
          if (s.size > 1500)
            context.report({
              messageId: 'capacity',
              data: { receiver: receiver(dir), dir, size: s.size, sets: s.sets },
              frames: s.frames,
              input: e.input,
              confidence: 'confirmed',
            });
        }
        seen = { up: fresh(), down: fresh() };
      },
    };
  },
};
