import type { Rule } from './types.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { ICMP4_ERRORS } from '../codec/icmp.js';

const DSLITE_NET = 0xc0000000 | 0; // 192.0.0.0/29

/** ADDR-003: IPv4 the B4 sources itself uses 192.0.0.2 (or another host of 192.0.0.0/29, never .0 or .1) (RFC 6333 §5.7). */
export const rule: Rule = {
  meta: {
    id: 'ADDR-003',
    title: 'B4-originated IPv4 uses 192.0.0.2 (or another /29 host, never .0/.1)',
    docs: 'from the tunnel: an ICMPv4 error the B4 made itself (about a datagram for another host) sourced from 192.0.0.0 or 192.0.0.1 (`error`), or from outside 192.0.0.0/29 (`info`)',
    rfc: [{ document: '6333', section: '§5.7' }],
    level: 'MAY',
    kind: 'heuristic',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    scope: 'capture',
    messages: {
      reserved:
        'B4 {b4} sent an ICMPv4 error {type}/{code} about a datagram for {host} from {source} (frame {frame}): 192.0.0.0 and 192.0.0.1 are reserved (the subnet, the AFTR); a B4 uses 192.0.0.2 (RFC 6333 §5.7)',
      outside:
        'B4 {b4} sent an ICMPv4 error {type}/{code} about a datagram for {host} from {source} (frame {frame}), outside 192.0.0.0/29: allowed, but a B4 normally answers from 192.0.0.2 (RFC 6333 §5.7) and traceroutes through it are harder to read',
    },
  },
  create(context) {
    const seen = new Set<string>();
    return {
      'softwire-packet'(e) {
        if (e.dir !== 'up') return;
        const p = e.inner;
        const l4 = p?.l4;
        if (!p || l4?.kind !== 'icmp' || !l4.quoted || !ICMP4_ERRORS.has(l4.hdr.type)) return;
        // An error about a datagram addressed to someone else than its sender: the B4 made it (a LAN host answers for itself).
        const q = l4.quoted.hdr;
        const src = p.hdr.src;
        if (src === q.dst) return;
        const inRange = (src & 0xfffffff8) === DSLITE_NET;
        const low = src & 7;
        if (inRange && low >= 2) return;
        const key = `${e.softwire.b4}|${src}`;
        if (seen.has(key)) return;
        seen.add(key);
        context.report({
          messageId: inRange ? 'reserved' : 'outside',
          data: {
            b4: ip6ToString(e.softwire.b4),
            type: l4.hdr.type,
            code: l4.hdr.code,
            host: ip4ToString(q.dst),
            source: ip4ToString(src),
            frame: e.meta.frame,
          },
          frames: [e.meta.frame],
          input: e.meta.input,
          confidence: 'likely',
          ...(inRange ? {} : { severity: 'info' as const }),
        });
      },
    };
  },
};
