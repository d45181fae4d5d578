import { ip4ToString } from '../codec/addr.js';
import { flowHash } from './two-point.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

const DNS_PORT = 53;
/** Distinct flows remembered; past it queries are still counted, flows no longer told apart. */
const FLOWS_HELD = 65536;
const FRAMES = 10;
const SERVERS_LISTED = 4;

/**
 * ADV-011 (advisory): DNS sent through the softwire takes an AFTR binding per query flow; a B4
 * is to resolve over IPv6 through a DNS proxy instead (RFC 6333 §5.5, RFC 6908 §3.1). Counted
 * from the B4's side: up datagrams and TCP segments to port 53 inside softwires.
 */
export const rule: Rule = {
  meta: {
    id: 'ADV-011',
    title: 'DNS and other chatty IPv4 traffic through the softwire eat AFTR bindings',
    docs: 'DNS to port 53 through the softwire: packets, flows, B4s and servers (each flow holds an AFTR binding)',
    rfc: [
      { document: '6333', section: '§5.5' },
      { document: '6908', section: '§3.1' },
    ],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      dnsThroughSoftwire:
        '{packets} DNS packets in {flows} flows from {b4s} B4s went to port 53 through the softwire, to {servers} (frames {frames}): each flow holds an AFTR binding; a B4 that resolves over IPv6 through a DNS proxy spares them (RFC 6333 §5.5, RFC 6908 §3.1)',
    },
  },
  create(context) {
    let packets = 0;
    const flows = new Set<number>();
    const b4s = new Set<string>();
    const servers = new Map<number, number>();
    const frames: number[] = [];
    return {
      'softwire-packet'(e) {
        const l4 = e.inner?.l4;
        if (e.dir !== 'up' || !l4 || (l4.kind !== 'udp' && l4.kind !== 'tcp') || l4.dstPort !== DNS_PORT) return;
        const h = e.inner!.hdr;
        packets++;
        if (frames.length < FRAMES) frames.push(e.meta.frame);
        if (flows.size < FLOWS_HELD) flows.add(flowHash(e.softwire.id, h.protocol, h.src, l4.srcPort, h.dst, DNS_PORT));
        if (b4s.size < FLOWS_HELD) b4s.add(e.softwire.b4);
        servers.set(h.dst, (servers.get(h.dst) ?? 0) + 1);
      },
      'input-end'(e) {
        if (packets > 0) {
          const top = [...servers].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
          const shown =
            top
              .slice(0, SERVERS_LISTED)
              .map(([a, n]) => `${ip4ToString(a)} (${n})`)
              .join(', ') + (top.length > SERVERS_LISTED ? ` and ${top.length - SERVERS_LISTED} more` : '');
          context.report({
            messageId: 'dnsThroughSoftwire',
            data: {
              packets,
              flows: flows.size + (flows.size >= FLOWS_HELD ? '+' : ''),
              b4s: b4s.size,
              servers: shown,
              frames: frameText(frames),
            },
            frames: [...frames],
            input: e.input,
            confidence: 'confirmed',
          });
        }
        packets = 0;
        flows.clear();
        b4s.clear();
        servers.clear();
        frames.length = 0;
      },
    };
  },
};
