import type { Rule } from './types.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { endpointText, externalText, internalText } from './nat-words.js';
import { datagramText } from './two-point.js';
import { frameText } from './words.js';

const port = (d: { protocol: number; srcPort: number; icmpId: number }): number =>
  d.protocol === 1 ? d.icmpId : d.srcPort;

/** NAT-011: the AFTR hairpins traffic between its subscribers, presenting the sender's external address and port (RFC 4787 REQ-9, RFC 5382 REQ-8). */
export const rule: Rule = {
  meta: {
    id: 'NAT-011',
    title: 'Hairpinning with external source address and port',
    docs: "with `--internet`: a datagram a subscriber sent to another binding's external endpoint was not hairpinned within 1 s (`likely`), came down with the sender's internal source instead of its external address and port, or down another softwire",
    rfc: [
      { document: '4787', section: 'REQ-9' },
      { document: '5382', section: 'REQ-8' },
      { document: '5508', section: 'REQ-7' },
    ],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      notDelivered:
        'B4 {b4} sent {what} (frames {frames}) to external {external} of {owner}, a mapping in use, and nothing came down its softwire within 1 s: a NAT must hairpin (RFC 4787 REQ-9, RFC 5382 REQ-8)',
      internalSource:
        "B4 {b4} sent {what} (frames {frames}) to external {external} of {owner}; the AFTR hairpinned it with source {source} (frames {downFrames}) instead of the sender's external {expected}: a NAT must present the external address and port (RFC 4787 REQ-9a, RFC 5382 REQ-8a)",
      wrongSoftwire:
        "B4 {b4} sent {what} (frames {frames}) to external {external} of {owner}; the AFTR hairpinned it down B4 {actual}'s softwire (frames {downFrames}) (RFC 6333 §6.6)",
    },
  },
  create(context) {
    return {
      'nat-hairpin'(e) {
        const { up, down, owner, sender } = e.nat;
        const data = {
          b4: ip6ToString(up.softwire.b4),
          what: datagramText(up),
          frames: frameText(up.frames),
          external: externalText(owner),
          owner: internalText(owner),
        };
        if (!down) {
          context.report({ messageId: 'notDelivered', data, frames: up.frames, input: up.input, confidence: 'likely' });
          return;
        }
        const where = { frames: [...up.frames, ...down.frames], input: up.input, confidence: 'confirmed' as const };
        if (down.softwire.b4 !== owner.b4) {
          context.report({
            messageId: 'wrongSoftwire',
            data: { ...data, actual: ip6ToString(down.softwire.b4), downFrames: frameText(down.frames) },
            ...where,
          });
          return;
        }
        const expected = sender ? externalText(sender) : 'address';
        const wrong =
          down.src === up.src ||
          (sender !== undefined && (down.src !== sender.external || port(down) !== sender.externalPort));
        if (wrong)
          context.report({
            messageId: 'internalSource',
            data: {
              ...data,
              source: endpointText(down.src, port(down), down.protocol).replace(/\/\w+$/, ''),
              downFrames: frameText(down.frames),
              expected: sender ? expected : `address (not ${ip4ToString(up.src)})`,
            },
            ...where,
          });
      },
    };
  },
};
