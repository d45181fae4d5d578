import { PROTO_UDP } from '../codec/ipv4.js';
import type { Direction } from '../track/events.js';
import { createTally } from './tally.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

/** The application's port: the server's, which is the destination going up and the source coming down. */
const serverPort = (dir: Direction, src: number, dst: number): number => (dir === 'up' ? dst : src);
const PORTS_LISTED = 8;

type How = 'outer' | 'inner';
const HOW_TEXT: Readonly<Record<How, string>> = { outer: 'outer-fragmented', inner: 'in inner fragments' };

/**
 * ADV-008 (advisory): UDP datagrams too big for the tunnel cross only in fragments, outer (the
 * endpoint cut the tunnel packet) or inner (the datagram itself was cut); games, VPNs and
 * DNSSEC answers break when a fragment is lost or filtered (RFC 8900 §3). Counted per
 * application port, so the user sees which services are exposed.
 */
export const rule: Rule = {
  meta: {
    id: 'ADV-008',
    title: 'Fragment-sensitive applications (UDP games, VPNs, DNSSEC) through the softwire',
    docs: 'UDP datagrams too big for the tunnel that crossed in outer or inner fragments, by application port',
    rfc: [{ document: '8900', section: '§3' }],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      fragmentedUdp:
        '{count} UDP datagrams too big for the tunnel crossed the softwire in fragments, by application port: {ports} (frames {frames}): applications that send large UDP datagrams (games, VPNs, DNSSEC) fail when a fragment is lost or filtered (RFC 8900 §3)',
    },
  },
  create(context) {
    const tally = createTally<string, string>();
    const note = (how: How, dir: Direction, src: number, dst: number, frame: number): void => {
      const port = serverPort(dir, src, dst);
      tally.note(`${port}|${how}`, frame, () => '');
    };
    return {
      'outer-fragment'(e) {
        const l4 = e.inner?.l4;
        if (e.outer.frag?.offset !== 0 || l4?.kind !== 'udp' || e.inner!.hdr.mf || e.inner!.hdr.fragOffset > 0) return;
        note('outer', e.dir, l4.srcPort, l4.dstPort, e.meta.frame);
      },
      'softwire-packet'(e) {
        const h = e.inner?.hdr;
        // The first inner fragment: it alone carries the ports.
        if (!h?.mf || h.fragOffset !== 0 || h.protocol !== PROTO_UDP) return;
        const l4 = e.inner!.l4;
        if (l4?.kind !== 'udp' && l4?.kind !== 'ports') return;
        note('inner', e.dir, l4.srcPort, l4.dstPort, e.meta.frame);
      },
      'input-end'(e) {
        const entries = tally.entries();
        tally.clear();
        if (!entries.length) return;
        const byCount = entries.sort(
          (a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0], 'en', { numeric: true }),
        );
        const shown = byCount.slice(0, PORTS_LISTED).map(([k, s]) => {
          const [port, how] = k.split('|') as [string, How];
          return `${port} ${s.count} ${HOW_TEXT[how]}`;
        });
        const more = byCount.length > PORTS_LISTED ? `, ${byCount.length - PORTS_LISTED} more` : '';
        const frames = byCount.flatMap(([, s]) => s.frames).slice(0, 10);
        context.report({
          messageId: 'fragmentedUdp',
          data: {
            count: byCount.reduce((n, [, s]) => n + s.count, 0),
            ports: shown.join('; ') + more,
            frames: frameText(frames),
          },
          frames,
          input: e.input,
          confidence: 'confirmed',
        });
      },
    };
  },
};
