import { isPrivateIp4 } from '../codec/addr.js';
import { NH_ROUTING } from '../codec/ipv6.js';
import { ROUTING_SRH, routingTypeOf } from '../codec/ipv6-ext.js';
import type { Ipv6Header } from '../codec/ipv6.js';
import type { Ip6Packet, NotDsLite } from './types.js';

/** 100.64.0.0/10 (RFC 6598), the other address space a B4's side of a carrier NAT uses. */
const isSharedIp4 = (a: number): boolean => a >>> 22 === 0x191;

/**
 * Whether IPv6 address words (w0..w3) hold IPv4 address `v4` where per-address 4in6 schemes
 * put it: the MAP-E / lw4o6 interface identifier (16 zero bits, then the address: RFC 7597 §6),
 * the last 32 bits (RFC 6052 /96, ISATAP-like hosts), a 6to4 prefix 2002:V4ADDR::/48 (RFC 3056).
 */
function embeds(w0: number, w1: number, w2: number, w3: number, v4: number): boolean {
  if (w3 === v4) return true;
  if (w2 >>> 16 === 0 && ((w2 << 16) | (w3 >>> 16)) === v4) return true;
  return w0 >>> 16 === 0x2002 && ((w0 << 16) | (w1 >>> 16)) === v4;
}

const publicIp4 = (a: number): boolean => !isPrivateIp4(a) && !isSharedIp4(a);

function addressEmbedding(h: Ipv6Header, src: number, dst: number): boolean {
  return (
    (publicIp4(src) && embeds(h.s0, h.s1, h.s2, h.s3, src)) || (publicIp4(dst) && embeds(h.d0, h.d1, h.d2, h.d3, dst))
  );
}

/**
 * What an IPv6 packet with an IPv4 payload is when it is not a DS-Lite softwire packet, or
 * undefined when it may be one. Stateless, per packet: an SRH names SRv6 on every fragment;
 * the embedded address needs the inner header (whole packets and first fragments).
 */
export function notDsLite(p: Ip6Packet): NotDsLite | undefined {
  for (const e of p.ext)
    if (e.kind === 'opaque' && e.type === NH_ROUTING && routingTypeOf(e.raw) === ROUTING_SRH) return 'srv6';
  const inner = p.inner?.hdr;
  if (inner && addressEmbedding(p.hdr, inner.src | 0, inner.dst | 0)) return 'address-4in6';
  return undefined;
}
