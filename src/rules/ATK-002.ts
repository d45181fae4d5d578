import type { Rule } from './types.js';
import { frameText } from './words.js';

const LISTED = 10;

/**
 * ATK-002 (a rule of the project, docs/project-rules.md): a flood of softwires that each carry
 * one packet, sent by their B4, and are never heard again — a scan from many B4 addresses, or spoofed B4
 * sources. Each costs the AFTR softwire and NAT state (RFC 6333 §11). Counted as softwires
 * appear, so the flood is measured whole even when the softwire table evicts.
 */
export const rule: Rule = {
  meta: {
    id: 'ATK-002',
    title: 'Flood of one-packet softwires',
    docs: 'a flood of softwires that carry one packet each (at least 100, option `minSoftwires`, and half of all softwires), `likely`',
    rfc: [{ document: '6333', section: '§11' }],
    level: 'advisory',
    kind: 'heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'warning',
    scope: 'capture',
    messages: {
      flood:
        '{single} of the {created} softwires in the capture carried a single packet each, from their B4, and were never heard again (first frames {frames}): a flood from that many B4 addresses, as a scan or spoofed B4 sources make; each costs the AFTR softwire and NAT state (RFC 6333 §11)',
    },
    options: {
      minSoftwires: {
        description: 'one-packet softwires that make a flood (and at least half of all softwires)',
        default: 100,
        minimum: 2,
        maximum: 10_000_000,
      },
    },
  },
  create(context) {
    const min = context.options['minSoftwires'] ?? 100;
    let created = 0;
    let fromB4 = 0;
    let repeated = 0;
    /** First frames of the first softwires, by softwire: one that speaks again leaves the list. */
    const firsts = new Map<number, number>();
    return {
      'softwire-packet'(e) {
        const n = e.softwire.up.packets + e.softwire.down.packets;
        if (n === 1) {
          created++;
          // From a B4: an AFTR sending one packet to each of many B4s (a load test) is no flood at it.
          if (e.dir !== 'up') return;
          fromB4++;
          if (firsts.size < LISTED * 4) firsts.set(e.softwire.id, e.meta.frame);
        } else if (n === 2) {
          // Whether this softwire's first packet came from its B4.
          if (e.softwire.up.packets - (e.dir === 'up' ? 1 : 0) === 1) repeated++;
          firsts.delete(e.softwire.id);
        }
      },
      'input-end'(e) {
        const single = fromB4 - repeated;
        const frames = [...firsts.values()].slice(0, LISTED);
        if (single >= min && single * 2 >= created)
          context.report({
            messageId: 'flood',
            data: { single, created, frames: frameText(frames) },
            frames,
            input: e.input,
            confidence: 'likely',
          });
        created = fromB4 = repeated = 0;
        firsts.clear();
      },
    };
  },
};
