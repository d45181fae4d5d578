import type { Rule } from './types.js';
import { ip6ToString, type Ip6Key } from '../codec/addr.js';
import { datagramText } from './two-point.js';
import { frameText } from './words.js';

/** How long after a dropped datagram the AFTR's Destination Unreachable may come. */
const ANSWER_WINDOW = 2;
const HELD = 1000;

interface Drop {
  readonly b4: Ip6Key;
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly time: number;
  readonly frames: readonly number[];
  readonly input: number;
  readonly text: string;
  readonly inUse: number;
  answered: boolean;
}

/** NAT-009: a per-subscriber port quota is enforced, and a datagram refused for it is answered with ICMPv4 3/1 or 3/13 (RFC 6888 REQ-4, REQ-11; RFC 5508 REQ-8). */
export const rule: Rule = {
  meta: {
    id: 'NAT-009',
    title: 'Per-subscriber port quota and exhaustion behaviour',
    docs: 'with `--internet` and `--port-quota N`: a B4 with more than N external ports in use at once (the quota not enforced), or a datagram for a new mapping of a B4 at its quota dropped without ICMPv4 3/1 or 3/13 down its softwire',
    rfc: [
      { document: '6888', section: 'REQ-4' },
      { document: '6888', section: 'REQ-11' },
      { document: '5508', section: 'REQ-8' },
      { document: '6333', section: '§11' },
    ],
    level: 'SHOULD',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet', 'config'],
    defaultSeverity: 'warning',
    messages: {
      overQuota:
        'B4 {b4} had {inUse} external ports in use at once (frames {frames}), above the configured quota of {quota}: the AFTR does not enforce it (RFC 6888 REQ-4; --port-quota gives the quota the AFTR should have)',
      silentDrop:
        'B4 {b4}, with {inUse} external ports in use (quota {quota}), sent {what} (frames {frames}) for a new mapping; the AFTR dropped it without an ICMPv4 Destination Unreachable 3/1 or 3/13 down the softwire within 2 s (RFC 6888 REQ-11, RFC 5508 REQ-8)',
    },
  },
  create(context) {
    const quota = context.config.portQuota;
    if (quota === undefined) return {};
    const over = new Set<Ip6Key>();
    const drops: Drop[] = [];
    // The verdict on a drop comes a match window late: the answer may already have passed.
    const answers: { b4: Ip6Key; src: number; dst: number; protocol: number; id: number; time: number }[] = [];
    const answers4 = (x: Drop): boolean =>
      answers.some(
        (a) =>
          a.b4 === x.b4 &&
          a.src === x.src &&
          a.dst === x.dst &&
          a.protocol === x.protocol &&
          a.id === x.id &&
          a.time - x.time >= 0 &&
          a.time - x.time <= ANSWER_WINDOW,
      );
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || n.overQuota === undefined || over.has(n.binding.b4)) return;
        over.add(n.binding.b4);
        context.report({
          messageId: 'overQuota',
          data: { b4: ip6ToString(n.binding.b4), inUse: n.overQuota, frames: frameText(e.pair.tunnel.frames), quota },
          frames: e.pair.tunnel.frames,
          input: e.pair.tunnel.input,
          confidence: 'confirmed',
        });
      },
      'nat-unmapped'(e) {
        const { datagram: d, known, inUse } = e.nat;
        if (known || inUse < quota || drops.length >= HELD) return;
        const x: Drop = {
          b4: d.softwire.b4,
          src: d.src,
          dst: d.dst,
          protocol: d.protocol,
          id: d.id,
          time: d.time,
          frames: d.frames,
          input: d.input,
          text: datagramText(d),
          inUse,
          answered: false,
        };
        x.answered = answers4(x);
        drops.push(x);
      },
      'softwire-packet'(e) {
        if (e.dir !== 'down') return;
        const l4 = e.inner?.l4;
        if (l4?.kind !== 'icmp' || l4.hdr.type !== 3 || (l4.hdr.code !== 1 && l4.hdr.code !== 13) || !l4.quoted) return;
        const q = l4.quoted.hdr;
        answers.push({ b4: e.softwire.b4, src: q.src, dst: q.dst, protocol: q.protocol, id: q.id, time: e.meta.time });
        if (answers.length > 256) answers.shift();
        for (const x of drops)
          if (
            !x.answered &&
            x.b4 === e.softwire.b4 &&
            x.src === q.src &&
            x.dst === q.dst &&
            x.protocol === q.protocol &&
            x.id === q.id &&
            e.meta.time - x.time <= ANSWER_WINDOW
          )
            x.answered = true;
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        for (const x of drops)
          if (!x.answered)
            context.report({
              messageId: 'silentDrop',
              data: { b4: ip6ToString(x.b4), inUse: x.inUse, quota, what: x.text, frames: frameText(x.frames) },
              frames: x.frames,
              input: x.input,
              confidence: 'likely',
            });
        drops.length = 0;
      },
    };
  },
};
