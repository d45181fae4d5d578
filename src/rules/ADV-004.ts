import { ASSUMED_LINK_MTU } from '../config/defaults.js';
import { ip4ToString } from '../codec/addr.js';
import { IPV4_MIN_LENGTH } from '../codec/ipv4.js';
import { IPV6_LENGTH } from '../codec/ipv6.js';
import { TCP_MIN_LENGTH, TCP_SYN, tcpMss } from '../codec/tcp.js';
import type { Direction } from '../track/events.js';
import { createTally } from './tally.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

/** The link MTU assumed when none is configured: Ethernet access, the commonest DS-Lite link. */

const OPPOSITE: Readonly<Record<Direction, Direction>> = { up: 'down', down: 'up' };
const ADVERTISER: Readonly<Record<Direction, string>> = { up: 'LAN hosts', down: 'Internet hosts' };

/**
 * ADV-004 (advisory): a SYN advertises the largest segment its sender takes; through the
 * softwire that is the link MTU less the IPv6 header, the IPv4 and the TCP headers (RFC 6691
 * §2, RFC 4459 §3.2). A larger MSS makes full-size segments that need outer fragmentation.
 * The segments the MSS invites travel the other way, so the other direction's MTU counts.
 */
export const rule: Rule = {
  meta: {
    id: 'ADV-004',
    title: 'TCP MSS not clamped to the tunnel',
    docs: 'SYNs advertising an MSS above the link MTU (configured, else 1500 assumed) less 80, per direction',
    rfc: [
      { document: '6691', section: '§2' },
      { document: '4459', section: '§3.2' },
      { document: '6333', section: '§6.3' },
    ],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      unclamped:
        '{count} {dir} TCP SYNs from {advertiser} advertised an MSS above {limit}, up to {largest} (e.g. {example}; frames {frames}): the {mtuSource} {otherDir} link MTU {mtu} less 40 bytes of IPv6 and 40 of IPv4 and TCP carries at most {limit}-byte segments whole; clamping the MSS in the B4 or the AFTR avoids outer fragmentation (RFC 4459 §3.2)',
    },
  },
  create(context) {
    const tally = createTally<Direction, string>();
    const largest = { up: 0, down: 0 };
    const limitOf = (dir: Direction): { mtu: number; configured: boolean } => {
      const c = context.config.mtu[OPPOSITE[dir]];
      return { mtu: c ?? ASSUMED_LINK_MTU, configured: c !== undefined };
    };
    return {
      'softwire-packet'(e) {
        const l4 = e.inner?.l4;
        if (l4?.kind !== 'tcp' || (l4.flags & TCP_SYN) === 0) return;
        const mss = tcpMss(l4);
        const limit = limitOf(e.dir).mtu - IPV6_LENGTH - IPV4_MIN_LENGTH - TCP_MIN_LENGTH;
        if (mss === undefined || mss <= limit) return;
        if (mss > largest[e.dir]) largest[e.dir] = mss;
        const h = e.inner!.hdr;
        tally.note(
          e.dir,
          e.meta.frame,
          () => `MSS ${mss} from ${ip4ToString(h.src)}:${l4.srcPort} to ${ip4ToString(h.dst)}:${l4.dstPort}`,
        );
      },
      'input-end'(e) {
        for (const [dir, s] of tally.entries()) {
          const { mtu, configured } = limitOf(dir);
          context.report({
            messageId: 'unclamped',
            data: {
              count: s.count,
              dir,
              advertiser: ADVERTISER[dir],
              limit: mtu - IPV6_LENGTH - IPV4_MIN_LENGTH - TCP_MIN_LENGTH,
              largest: largest[dir],
              example: s.example,
              frames: frameText(s.frames),
              mtuSource: configured ? 'configured' : 'assumed',
              otherDir: OPPOSITE[dir],
              mtu,
            },
            frames: s.frames,
            input: e.input,
            confidence: 'confirmed',
          });
        }
        tally.clear();
        largest.up = largest.down = 0;
      },
    };
  },
};
