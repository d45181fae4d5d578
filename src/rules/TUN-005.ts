import { isCanonicalTel, telLimit } from '../codec/ipv6-ext.js';
import type { Rule } from './types.js';
import { sender } from './words.js';

/** TUN-005: the RFC 2473 Tunnel Encapsulation Limit option, when present, has the §5.1 layout; its 8 bytes cost MTU. */
export const rule: Rule = {
  meta: {
    id: 'TUN-005',
    title: 'Tunnel Encapsulation Limit option well-formed; overhead accounted',
    docs: 'the Tunnel Encapsulation Limit option has the §5.1 layout (error otherwise); its presence and 8-byte cost (info)',
    rfc: [
      { document: '2473', section: '§4.1.1' },
      { document: '2473', section: '§5.1' },
      { document: '2473', section: '§6.6' },
    ],
    level: 'format',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    messages: {
      present:
        'the {sender} adds a Tunnel Encapsulation Limit option (limit {limit}) to its {dir} packets: 8 more bytes each, so the tunnel MTU is the link MTU − 48 ({example}); some decapsulators drop such packets (ADV-007)',
      layout:
        'Tunnel Encapsulation Limit destination options header of the {sender} is not the RFC 2473 §5.1 layout (option 4, length 1, then a PadN): {bytes}',
    },
  },
  create(context) {
    const seen = new Set<string>();
    return {
      'softwire-packet'(e) {
        const tel = e.outer.tel;
        if (!tel) return;
        const where = { frames: [e.meta.frame], input: e.meta.input, confidence: 'confirmed' as const };
        if (!isCanonicalTel(tel)) {
          const bytes = tel.options
            .map((o) =>
              o.type === 0
                ? '00'
                : `${o.type.toString(16).padStart(2, '0')} ${o.data.length.toString(16).padStart(2, '0')} ${o.data.toString('hex')}`.trim(),
            )
            .join(' | ');
          context.report({ ...where, severity: 'error', messageId: 'layout', data: { sender: sender(e.dir), bytes } });
          return;
        }
        const key = `${e.meta.input}/${e.softwire.id}/${e.dir}`;
        if (seen.has(key)) return;
        // Bounded under a flood of softwires: past it a softwire may be reported twice (the engine caps the findings).
        if (seen.size >= 65_536) seen.clear();
        seen.add(key);
        const mtu = context.config.mtu[e.dir];
        const example = mtu !== undefined ? `${mtu - 48} on this ${mtu}-byte link` : '1452 on a 1500-byte link';
        context.report({
          ...where,
          messageId: 'present',
          data: { sender: sender(e.dir), limit: telLimit(tel) ?? '?', dir: e.dir, example },
        });
      },
    };
  },
};
