import type { Rule } from './types.js';
import { hex } from './words.js';

/** TUN-006: the inner IPv4 header is valid (RFC 791 §3.1): IHL, Total Length, checksum. */
export const rule: Rule = {
  meta: {
    id: 'TUN-006',
    title: 'Inner IPv4 header valid (version, IHL, checksum, length)',
    docs: 'inner IPv4 header valid: IHL, Total Length, header checksum',
    rfc: [{ document: '791', section: '§3.1' }],
    level: 'format',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: {
      badChecksum:
        'inner IPv4 header checksum {checksum} does not verify ({dir}, encapsulated by the {sender}{lanNote})',
      badIhl: 'inner IPv4 IHL {ihl} is below the minimum of 5 ({dir}, encapsulated by the {sender})',
      badTotalLength:
        'inner IPv4 Total Length {tl} is smaller than its {hl}-byte header ({dir}, encapsulated by the {sender})',
    },
  },
  create(context) {
    return {
      'softwire-packet'(e) {
        const inner = e.inner;
        // The common case (a sound header) allocates nothing.
        if (inner && inner.checksumOk !== false && inner.hdr.totalLength >= inner.hdr.ihl * 4) return;
        const base = { dir: e.dir, sender: e.dir === 'up' ? 'B4' : 'AFTR' };
        const where = { frames: [e.meta.frame], input: e.meta.input, confidence: 'confirmed' as const };
        if (e.d.anomalies.includes('ipv4.bad_ihl')) {
          const lead = e.outer.innerLead ?? 0;
          context.report({ ...where, messageId: 'badIhl', data: { ...base, ihl: lead & 15 } });
          return;
        }
        if (!inner) return;
        const h = inner.hdr;
        if (h.totalLength < h.ihl * 4) {
          context.report({
            ...where,
            messageId: 'badTotalLength',
            data: { ...base, tl: h.totalLength, hl: h.ihl * 4 },
          });
        }
        if (inner.checksumOk === false) {
          // A B4 may forward a LAN host's corrupt header; say so (catalogue TUN-006).
          const lanNote = e.dir === 'up' ? ', or forwarded from a LAN host' : '';
          context.report({
            ...where,
            messageId: 'badChecksum',
            data: { ...base, checksum: hex(h.checksum, 4), lanNote },
          });
        }
      },
    };
  },
};
