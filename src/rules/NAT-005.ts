import type { Rule } from './types.js';
import type { Binding } from '../track/nat.js';
import { endpointText } from './nat-words.js';

/** New bindings sampled for the statistics (the first ones: a bound on memory). */
const SAMPLE = 10_000;
/** Fewer bindings tell nothing about an allocator. */
const MIN_BINDINGS = 16;

/** NAT-005: how the AFTR chooses external ports — predictable sequences, well-known ports for subscribers (RFC 6888 REQ-15, RFC 7857 §9, RFC 6908 §2.11). */
export const rule: Rule = {
  meta: {
    id: 'NAT-005',
    title: 'External port choice: range, parity, unpredictability',
    docs: 'with `--internet` (16 new bindings or more): external ports allocated in sequence (predictable), or below 1024 for ordinary internal ports; the parity and range statistics',
    rfc: [
      { document: '4787', section: 'REQ-3' },
      { document: '7857', section: '§9' },
      { document: '6888', section: 'REQ-15' },
      { document: '6908', section: '§2.11' },
    ],
    level: 'SHOULD',
    kind: 'informational',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'info',
    messages: {
      sequential:
        '{sequential} of {n} new bindings took the external port right after the previous one (+1 or +2): the allocation is predictable; a CGN should make external ports hard to guess (RFC 6888 REQ-15, RFC 7857 §9). Parity kept in {parity} %, port range (below or above 1024) kept in {range} %',
      wellKnown:
        '{count} binding(s) of ordinary internal ports got external ports below 1024, e.g. {example}: do not hand well-known ports to ordinary subscribers (RFC 6908 §2.11)',
    },
  },
  create(context) {
    const made: Binding[] = [];
    let frames: number[] = [];
    let input = 0;
    let otherInput = 1;
    return {
      nat(e) {
        const n = e.nat;
        if (n.kind !== 'up' || !n.created || n.binding.protocol === 1 || made.length >= SAMPLE) return;
        made.push(n.binding);
        input = e.pair.tunnel.input;
        otherInput = e.pair.other.input;
        if (frames.length < 16) frames = [...frames, ...n.binding.tunnelFrames.slice(0, 1)];
      },
      'correlation-end'(e) {
        if (e.side !== 'internet' || made.length < MIN_BINDINGS) return;
        const ordered = [...made].sort((a, b) => a.firstSeen - b.firstSeen || a.id - b.id);
        let sequential = 0;
        for (let i = 1; i < ordered.length; i++) {
          const step = ordered[i]!.externalPort - ordered[i - 1]!.externalPort;
          if (step === 1 || step === 2) sequential++;
        }
        const pct = (k: number): string => ((100 * k) / made.length).toFixed(0);
        const parity = made.filter((b) => b.internalPort % 2 === b.externalPort % 2).length;
        const range = made.filter((b) => b.internalPort < 1024 === b.externalPort < 1024).length;
        const where = {
          frames,
          input,
          related: [{ input: otherInput, frames: made.slice(0, 16).flatMap((b) => b.internetFrames.slice(0, 1)) }],
          confidence: 'confirmed' as const,
        };
        if (sequential * 2 > ordered.length - 1)
          context.report({
            messageId: 'sequential',
            data: { sequential, n: made.length, parity: pct(parity), range: pct(range) },
            ...where,
          });
        const low = made.filter((b) => b.internalPort >= 1024 && b.externalPort < 1024);
        if (low.length)
          context.report({
            messageId: 'wellKnown',
            data: {
              count: low.length,
              example: `${endpointText(low[0]!.internal, low[0]!.internalPort, low[0]!.protocol)} → ${low[0]!.externalPort}`,
            },
            frames: low.slice(0, 16).flatMap((b) => b.tunnelFrames.slice(0, 1)),
            input,
            related: [{ input: otherInput, frames: low.slice(0, 16).flatMap((b) => b.internetFrames.slice(0, 1)) }],
            confidence: 'confirmed',
          });
      },
    };
  },
};
