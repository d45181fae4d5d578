import type { Rule } from './types.js';
import { sender } from './words.js';

/** MTU-001: link MTUs are sane (RFC 8200 §5: ≥ 1280, ≥ 1500 recommended for encapsulation); endpoints do not fragment below what the link carries. */
export const rule: Rule = {
  meta: {
    id: 'MTU-001',
    title: 'Link MTU ≥ 1280; configured MTUs sane',
    docs: 'configured link MTU below 1500 (warning); an endpoint fragmenting below what the link carries (info)',
    rfc: [{ document: '8200', section: '§5' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['config', 'tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      small:
        'the configured {dir} link MTU {mtu} is below 1500: common 1500-byte inner packets need outer fragmentation (RFC 8200 §5 recommends ≥ 1500 on links that carry encapsulation)',
      conservative:
        'the {sender} fragments {dir} tunnel packets to {fragSize}-byte pieces while {whole}-byte packets cross the same link whole: its tunnel MTU is below what the path carries (see ADV-002)',
    },
  },
  create(context) {
    const seen = { up: { firstFrag: 0, frame: 0 }, down: { firstFrag: 0, frame: 0 } };
    return {
      'outer-fragment'(e) {
        const s = seen[e.dir];
        const size = 40 + e.outer.hdr.payloadLength;
        const f = e.outer.frag!;
        if (f.offset === 0 && f.more && size > s.firstFrag) {
          s.firstFrag = size;
          s.frame = e.meta.frame;
        }
      },
      'input-end'(e) {
        for (const dir of ['up', 'down'] as const) {
          const mtu = context.config.mtu[dir];
          if (e.input === 0 && mtu !== undefined && mtu < 1500)
            context.report({
              messageId: 'small',
              severity: 'warning',
              data: { dir, mtu },
              frames: [],
              input: e.input,
              confidence: 'confirmed',
            });
          const s = seen[dir];
          const whole = Math.max(0, ...e.softwires.map((w) => w[dir].maxWhole));
          // Fragment data is cut on 8-byte boundaries: a first fragment up to 8 bytes short of the largest whole packet fills the same MTU.
          if (s.firstFrag > 0 && s.firstFrag + 8 <= whole)
            context.report({
              messageId: 'conservative',
              data: { sender: sender(dir), dir, fragSize: s.firstFrag, whole },
              frames: [s.frame],
              input: e.input,
              confidence: 'likely',
            });
          seen[dir] = { firstFrag: 0, frame: 0 };
        }
      },
    };
  },
};
