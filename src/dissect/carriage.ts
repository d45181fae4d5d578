import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { PROTO_GRE } from '../codec/gre.js';
import { ip6Dst, ip6Src } from '../codec/ipv6.js';
import type { Carrier } from './types.js';

/** A carrier's tunnel by its protocol numbers: IPv4 protocol or IPv6 next header 41 or 47. */
function carrierKind(c: Carrier): string {
  const proto = c.kind === 'ip4' ? c.hdr.protocol : c.upper;
  const over = c.kind === 'ip4' ? 'IPv4' : 'IPv6';
  return proto === PROTO_GRE ? `GRE over ${over}` : `IPv6 in ${over}`;
}

function ends(c: Carrier): [string, string] {
  return c.kind === 'ip4'
    ? [ip4ToString(c.hdr.src), ip4ToString(c.hdr.dst)]
    : [ip6ToString(ip6Src(c.hdr)), ip6ToString(ip6Dst(c.hdr))];
}

/**
 * The tunnels around a softwire packet, outermost first, each with its ends written B4 side
 * first (a packet going down has them the other way round), so both directions of one
 * softwire describe one carriage: "IPv6 in IPv4 198.51.100.2 ⇄ 203.0.113.1".
 */
export function describeCarriage(carriers: readonly Carrier[], up: boolean): string {
  return carriers
    .map((c) => {
      const [a, b] = ends(c);
      return `${carrierKind(c)} ${up ? a : b} ⇄ ${up ? b : a}`;
    })
    .join(', inside it ');
}
