import { ip4ToString, ip6ToString, type Ip6Key } from '../codec/addr.js';
import type { Rule } from './types.js';
import { frameText, hex } from './words.js';

const LISTED = 10;

/**
 * ATK-001 (a rule of the project, docs/project-rules.md): inner IPv4 fragments that overlap
 * inside a softwire. Hosts do not send them; forged pieces with a guessed Identification use
 * them to rewrite a header already accepted or to slip past filters (RFC 1858 §4, RFC 3128),
 * and Suricata and Zeek raise events for them. Exact duplicates are not overlaps.
 */
export const rule: Rule = {
  meta: {
    id: 'ATK-001',
    title: 'Overlapping inner IPv4 fragments inside a softwire',
    docs: 'overlapping inner IPv4 fragments inside a softwire (a rule of the project): the count, how many differ where the pieces meet, an example',
    rfc: [
      { document: '1858', section: '§4' },
      { document: '3128', section: '§3' },
    ],
    level: 'advisory',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'warning',
    scope: 'capture',
    messages: {
      overlap:
        "{count} inner IPv4 fragment groups overlapped in {softwires} softwires, {inconsistent} of them with bytes that differ where the pieces meet (e.g. ID {id} from {src} in B4 {b4}'s softwire; frames {frames}): hosts do not send overlapping fragments; forged pieces use them to rewrite what a receiver already accepted (RFC 1858 §4, RFC 3128)",
    },
  },
  create(context) {
    let count = 0;
    let inconsistent = 0;
    const softwires = new Set<Ip6Key>();
    let example: { id: number; src: number; b4: Ip6Key; frames: readonly number[] } | undefined;
    return {
      'inner-datagram'(e) {
        const d = e.datagram;
        if (d.set.overlap === 'none') return;
        count++;
        if (d.set.overlap === 'inconsistent') inconsistent++;
        softwires.add(d.softwire.b4);
        if (!example || (d.set.overlap === 'inconsistent' && inconsistent === 1))
          example = { id: d.id, src: d.src, b4: d.softwire.b4, frames: d.set.frames.slice(0, LISTED) };
      },
      'input-end'(e) {
        if (count > 0 && example) {
          context.report({
            messageId: 'overlap',
            data: {
              count,
              softwires: softwires.size,
              inconsistent,
              id: hex(example.id, 4),
              src: ip4ToString(example.src),
              b4: ip6ToString(example.b4),
              frames: frameText(example.frames),
            },
            frames: [...example.frames],
            input: e.input,
            confidence: 'confirmed',
          });
        }
        count = inconsistent = 0;
        softwires.clear();
        example = undefined;
      },
    };
  },
};
