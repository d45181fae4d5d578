import type { Rule } from './types.js';

/** TUN-001: an outer header chain that ends in next header 4 must carry an IPv4 packet. */
export const rule: Rule = {
  meta: {
    id: 'TUN-001',
    title: 'Outer header carries IPv4 (NH 4, optionally via TEL dest-opts / Fragment hdr)',
    docs: 'an outer header chain ending in next header 4 carries IPv4',
    rfc: [
      { document: '2473', section: '§5' },
      { document: '2473', section: '§5.1' },
      { document: '6333', section: '§5.2' },
      { document: '6333', section: '§6.2' },
    ],
    level: 'format',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      notIpv4:
        'outer header chain ends in next header 4 but the payload starts with IP version {version}, not 4 ({dir}, sent by the {sender}): malformed encapsulation',
    },
  },
  create(context) {
    return {
      'softwire-packet'(e) {
        const lead = e.outer.innerLead;
        if (lead === undefined || lead >>> 4 === 4) return;
        const v = lead >>> 4;
        context.report({
          messageId: 'notIpv4',
          data: { version: v, dir: e.dir, sender: e.dir === 'up' ? 'B4' : 'AFTR' },
          frames: [e.meta.frame],
          input: e.meta.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
