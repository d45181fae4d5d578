import type { Rule } from './types.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { PROTOCOL_NAMES } from '../codec/ipv4.js';
import { createTtlExpiryWatch } from './ttl-expiry.js';
import { hex } from './words.js';

/** ICMP-005: a datagram whose TTL expires at the AFTR is answered with ICMPv4 Time Exceeded into the tunnel (RFC 5508 §7.2, RFC 1812 §5.3.1). */
export const rule: Rule = {
  meta: {
    id: 'ICMP-005',
    title: 'TTL expiry at the AFTR → Time Exceeded (into the tunnel from 192.0.0.1)',
    docs: 'a datagram reached the AFTR with inner TTL 1 and no ICMPv4 Time Exceeded quoting it came back down its softwire within 2 s (a warning: rate limiting is allowed)',
    rfc: [
      { document: '5508', section: '§7.2' },
      { document: '1812', section: '§5.3.1' },
      { document: '6333', section: '§6.5' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    scope: 'capture',
    messages: {
      noTimeExceeded:
        'B4 {b4} sent {what} {src} → {dst} (ID {id}) with TTL 1 (frame {frame}) and no ICMPv4 Time Exceeded came back down its softwire within 2 s: the AFTR must discard it and answer (RFC 1812 §5.3.1, RFC 5508 §7.2); ICMP rate limiting (RFC 1812 §4.3.2.8) may explain a few',
    },
  },
  create(context) {
    const watch = createTtlExpiryWatch();
    return {
      'softwire-packet': watch.see,
      'input-end'(e) {
        for (const x of watch.all())
          if (x.input === e.input && !x.answer)
            context.report({
              messageId: 'noTimeExceeded',
              data: {
                b4: ip6ToString(x.b4),
                what: PROTOCOL_NAMES[x.protocol]?.toUpperCase() ?? `protocol ${x.protocol}`,
                src: ip4ToString(x.src),
                dst: ip4ToString(x.dst),
                id: hex(x.id, 4),
                frame: x.frame,
              },
              frames: [x.frame],
              input: x.input,
              // Rate limiting is allowed: a missing answer is reported as a warning at most.
              severity: 'warning',
              confidence: 'likely',
            });
        if (watch.dropped()) context.suppress(watch.dropped());
      },
    };
  },
};
