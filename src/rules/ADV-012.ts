import { ip4ToString } from '../codec/addr.js';
import { TCP_ACK, TCP_SYN } from '../codec/tcp.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

const FRAMES = 10;
const PORTS_LISTED = 6;

/**
 * ADV-012 (advisory, with the Internet side): SYNs from the Internet to the AFTR's addresses that
 * found no mapping and entered no softwire show services a subscriber expects to reach from
 * outside; behind a CGN that takes a port mapping at the AFTR, by configuration or PCP (RFC 6908
 * §2.11, RFC 6888 REQ-9). NAT-012 judges whether the AFTR answered them.
 */
export const rule: Rule = {
  meta: {
    id: 'ADV-012',
    title: 'Inbound IPv4 services need AFTR-side port forwarding/PCP',
    docs: "with `--internet`: SYNs from the Internet to the AFTR's addresses (within `--nat-pool` when given) that found no mapping, by address and port",
    rfc: [
      { document: '6908', section: '§2.11' },
      { document: '6888', section: 'REQ-9' },
    ],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'info',
    messages: {
      inboundSyns:
        "{count} SYNs from the Internet to the AFTR's addresses found no mapping and entered no softwire, to {ports} (frames {frames} on the Internet side): a service behind DS-Lite is reached only through a port mapping at the AFTR, configured or requested with PCP (RFC 6908 §2.11, RFC 6888 REQ-9)",
    },
  },
  create(context) {
    if (!context.config.sides.includes('internet')) return {};
    const { natPools } = context.config;
    const inPool = (a: number): boolean => !natPools.length || natPools.some((p) => (a & p.mask) >>> 0 === p.network);
    let count = 0;
    let input = -1;
    const frames: number[] = [];
    const ports = new Map<string, number>();
    return {
      unpaired(e) {
        const d = e.datagram;
        // Inbound (no direction known means no mapping), within the tunnel capture, a SYN without ACK.
        if (e.side !== 'internet' || e.origin !== 'other' || e.dir !== undefined || !e.inSpan || d.tcpFlags < 0) return;
        if ((d.tcpFlags & (TCP_SYN | TCP_ACK)) !== TCP_SYN || !inPool(d.dst)) return;
        count++;
        input = d.input;
        for (const f of d.frames) if (frames.length < FRAMES) frames.push(f);
        const k = `${ip4ToString(d.dst)}:${d.dstPort}`;
        ports.set(k, (ports.get(k) ?? 0) + 1);
      },
      'correlation-end'(e) {
        if (e.side !== 'internet' || count === 0) return;
        const top = [...ports].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en', { numeric: true }));
        const shown =
          top
            .slice(0, PORTS_LISTED)
            .map(([k, n]) => `${k} (${n})`)
            .join(', ') + (top.length > PORTS_LISTED ? ` and ${top.length - PORTS_LISTED} more` : '');
        context.report({
          messageId: 'inboundSyns',
          data: { count, ports: shown, frames: frameText(frames) },
          frames: [...frames],
          input,
          confidence: 'confirmed',
        });
        count = 0;
        frames.length = 0;
        ports.clear();
      },
    };
  },
};
