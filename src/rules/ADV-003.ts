import { ip4ToString } from '../codec/addr.js';
import { nextHopMtu } from '../codec/icmp.js';
import { IPV6_LENGTH } from '../codec/ipv6.js';
import { createTally } from './tally.js';
import type { Rule } from './types.js';
import { frameText } from './words.js';

/** What hosts assume: an Ethernet path. Below it, the softwire's IPv4 MTU is what they meet. */
const ASSUMED_BY_HOSTS = 1500;

type Evidence = 'fragNeeded' | 'oversizedDf';

/**
 * ADV-003 (advisory): through a softwire the IPv4 MTU is the link MTU less the tunnel header,
 * 1460 on Ethernet and 1452 behind PPPoE or with the encapsulation-limit option. Hosts and VPNs
 * that assume 1500 break unless PMTUD works (RFC 6333 §5.3). The capture shows it two ways: an
 * endpoint's Fragmentation Needed below 1500 sent into the softwire, and DF=1 datagrams that
 * only crossed because the endpoint fragmented the tunnel packet.
 */
export const rule: Rule = {
  meta: {
    id: 'ADV-003',
    title:
      'Effective IPv4 MTU 1460 (Ethernet/cable) or 1452 (PPPoE, or Ethernet + TEL): hosts/VPNs assuming 1500 break',
    docs: "the softwire's IPv4 MTU is below 1500: endpoints' Fragmentation Needed below 1500 sent to hosts, DF=1 datagrams that crossed only outer-fragmented",
    rfc: [{ document: '6333', section: '§5.3' }],
    level: 'advisory',
    kind: 'informational',
    needs: ['tunnel'],
    defaultSeverity: 'info',
    scope: 'capture',
    messages: {
      fragNeeded:
        "{count} ICMPv4 Fragmentation Needed carried an MTU below 1500 to hosts through the softwire ({mtus}; e.g. {example}, frames {frames}): the softwire's IPv4 MTU is below what hosts and VPN clients assume, so they depend on PMTUD or a clamped MSS (RFC 6333 §5.3)",
      oversizedDf:
        "{count} {dir} DF=1 datagrams larger than the tunnel carries whole crossed only because the {sender} cut the tunnel packet into outer fragments of at most {first} bytes (datagrams up to {largest} bytes; e.g. {example}, frames {frames}): the softwire's IPv4 MTU is the link MTU less 40, below 1500, and hosts sending DF=1 at 1500 rely on that fragmentation (RFC 6333 §5.3)",
    },
  },
  create(context) {
    const tally = createTally<string, string>();
    const mtus = new Set<number>();
    const largest = { up: 0, down: 0 };
    const first = { up: 0, down: 0 };
    return {
      'softwire-packet'(e) {
        const l4 = e.inner?.l4;
        if (l4?.kind !== 'icmp' || l4.hdr.type !== 3 || l4.hdr.code !== 4) return;
        const m = nextHopMtu(l4.hdr);
        if (m === 0 || m >= ASSUMED_BY_HOSTS) return;
        mtus.add(m);
        const h = e.inner!.hdr;
        tally.note('fragNeeded', e.meta.frame, () => `MTU ${m} from ${ip4ToString(h.src)} to ${ip4ToString(h.dst)}`);
      },
      'outer-fragment'(e) {
        const f = e.outer.frag;
        const h = e.inner?.hdr;
        if (!f || f.offset !== 0 || !h?.df) return;
        if (h.totalLength > largest[e.dir]) largest[e.dir] = h.totalLength;
        // The first outer fragment is as large as the sender let the link carry.
        const size = IPV6_LENGTH + e.outer.hdr.payloadLength;
        if (size > first[e.dir]) first[e.dir] = size;
        tally.note(
          `oversizedDf|${e.dir}`,
          e.meta.frame,
          () => `${h.totalLength} bytes from ${ip4ToString(h.src)} to ${ip4ToString(h.dst)}`,
        );
      },
      'input-end'(e) {
        for (const [key, s] of tally.entries()) {
          const [messageId, dir] = key.split('|') as [Evidence, 'up' | 'down' | undefined];
          const data: Record<string, string | number> = dir
            ? {
                count: s.count,
                dir,
                sender: dir === 'up' ? 'B4' : 'AFTR',
                largest: largest[dir],
                first: first[dir],
                example: s.example,
                frames: frameText(s.frames),
              }
            : {
                count: s.count,
                mtus: [...mtus].sort((a, b) => a - b).join(', '),
                example: s.example,
                frames: frameText(s.frames),
              };
          context.report({ messageId, data, frames: s.frames, input: e.input, confidence: 'confirmed' });
        }
        tally.clear();
        mtus.clear();
        largest.up = largest.down = first.up = first.down = 0;
      },
    };
  },
};
