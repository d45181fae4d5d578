import { isFault } from '../codec/fault.js';
import { decodeIpv6, IPV6_LENGTH, NH_DEST_OPTS, NH_FRAGMENT, NH_ICMPV6, NH_IPV4, NH_IPV6 } from '../codec/ipv6.js';
import {
  decodeExt,
  IS_EXTENSION,
  extLengthAt,
  type ExtHeader,
  type FragmentHeader,
  type OptionsHeader,
  telLimit,
} from '../codec/ipv6-ext.js';
import {
  decodeIpv4,
  ipv4ChecksumOk,
  ipv4HeaderLengthAt,
  IPV4_MIN_LENGTH,
  PROTO_ICMP,
  PROTO_TCP,
  PROTO_UDP,
} from '../codec/ipv4.js';
import { decodeTcp, TCP_DATA_OFFSET_END, tcpHeaderLengthAt, TCP_MIN_LENGTH } from '../codec/tcp.js';
import { dstPortAt, PORTS_LENGTH, srcPortAt } from '../codec/ports.js';
import { decodeUdp, UDP_LENGTH } from '../codec/udp.js';
import { decodeIcmp, ICMP4_ERRORS, ICMP6_ERRORS, ICMP_LENGTH } from '../codec/icmp.js';
import { decodeGre, GRE_MIN_LENGTH, greLengthAt, PROTO_GRE } from '../codec/gre.js';
import { ETH_ARP, ETH_IPV4, ETH_IPV6, LINK_DECODERS, type LinkDecoder } from './link.js';
import { notDsLite } from './not-ds-lite.js';
import type { Carrier, Category, Dissection, Ip4Packet, Ip6Packet, L4 } from './types.js';

const MAX_EXT_HEADERS = 16;
const NONE: readonly string[] = Object.freeze([]);
const NO_VLANS: readonly number[] = Object.freeze([]);
const NO_EXT: readonly ExtHeader[] = Object.freeze([]);
const NO_CARRIERS: readonly Carrier[] = Object.freeze([]);
/** Tunnels around a softwire followed before giving up (tshark's and Zeek's limits are of this order). */
const MAX_CARRIERS = 4;

/**
 * Per-frame state while dissecting. `quote` marks bytes inside an ICMP error
 * (cut short by design: no anomalies); `partial` marks bytes known to continue
 * in another fragment.
 */
interface Ctx {
  /** Where the frame starts in its buffer: offsets are absolute, lengths are per frame. */
  base: number;
  origLen: number;
  anomalies: string[] | null;
}

function note(ctx: Ctx, id: string): void {
  (ctx.anomalies ??= []).push(id);
}

/** A header needed bytes up to `need`: the snap length cut them, or they never were on the wire. */
function short(ctx: Ctx, layer: string, need: number): void {
  note(ctx, need - ctx.base <= ctx.origLen ? `${layer}.truncated_by_snaplen` : `${layer}.too_short`);
}

const frameCtx: Ctx = { base: 0, origLen: 0, anomalies: null };

/** The frame is data[offset, offset + capLen): readers hand over their chunk, not a copy. */
export interface FrameInput {
  readonly linkType: number;
  readonly data: Buffer;
  readonly offset: number;
  readonly capLen: number;
  readonly origLen: number;
}

/** Decodes one frame. Stateless; never throws on packet bytes. */
let lastLinkType = -1;
let lastDecoder: LinkDecoder | undefined;

export function dissect(rec: FrameInput): Dissection {
  // A capture rarely changes link type: skip the table lookup while it stays the same.
  if (rec.linkType !== lastLinkType) {
    lastLinkType = rec.linkType;
    lastDecoder = LINK_DECODERS.get(rec.linkType);
  }
  const decoder = lastDecoder;
  if (!decoder)
    return {
      category: 'unsupported',
      vlans: NO_VLANS,
      pppoeSession: undefined,
      carriers: NO_CARRIERS,
      net: undefined,
      anomalies: NONE,
    };
  const buf = rec.data;
  const end = rec.offset + rec.capLen;
  // dissect() is not re-entrant, so one context object serves every frame.
  const ctx = frameCtx;
  ctx.base = rec.offset;
  ctx.origLen = rec.origLen;
  ctx.anomalies = null;
  const link = decoder(buf, rec.offset, end);
  if (link.problem) {
    if ('id' in link.problem) note(ctx, link.problem.id);
    else short(ctx, link.problem.layer, link.problem.need);
    return {
      category: 'malformed',
      vlans: link.vlans,
      pppoeSession: link.pppoeSession,
      carriers: NO_CARRIERS,
      net: undefined,
      anomalies: ctx.anomalies ?? NONE,
    };
  }
  let net: Ip6Packet | Ip4Packet | undefined;
  let category: Category;
  switch (link.etherType) {
    case ETH_IPV6:
      net = ip6(buf, link.offset, end, ctx, false);
      category = net ? categorize6(net) : 'malformed';
      break;
    case ETH_IPV4:
      net = ip4(buf, link.offset, end, ctx, false, false, 'ipv4');
      category = net ? 'ipv4' : 'malformed';
      break;
    case ETH_ARP:
      category = 'arp';
      break;
    default:
      category = 'other';
  }
  let carriers = NO_CARRIERS;
  // A carrier is IPv4 protocol 41 or 47, or IPv6 next header 41 or 47: two compares on the hot path.
  while (net && carriesTunnel(net)) {
    // What a carrier cut in IP fragments holds would need the carrier's reassembly: not followed.
    if (isFragment(net)) {
      note(ctx, 'tunnel.carrier_fragmented');
      break;
    }
    if (carriers.length >= MAX_CARRIERS) {
      note(ctx, 'tunnel.carriage_too_deep');
      break;
    }
    const carried = unwrap(buf, net, end, ctx);
    if (carried === undefined) break;
    if (carriers === NO_CARRIERS) carriers = [];
    (carriers as Carrier[]).push(net);
    net = carried ?? undefined;
    category = carried === null ? 'malformed' : categorize6(carried);
  }
  // One object shape for every frame keeps the hot path monomorphic.
  return {
    category,
    vlans: link.vlans,
    pppoeSession: link.pppoeSession,
    carriers,
    net,
    anomalies: ctx.anomalies ?? NONE,
  };
}

function categorize6(p: Ip6Packet): Category {
  if (p.frag && p.frag.offset > 0) return p.upper === NH_IPV4 ? (notDsLite(p) ?? 'softwire-fragment') : 'ipv6-fragment';
  if (p.upper === NH_IPV4) return notDsLite(p) ?? 'softwire';
  if (p.upper === NH_ICMPV6) return 'icmpv6';
  return 'ipv6';
}

/** Whether a packet's payload is IPv6 in IPv4 or IPv6 (protocol 41) or GRE (47). */
function carriesTunnel(p: Ip6Packet | Ip4Packet): boolean {
  const proto = p.kind === 'ip4' ? p.hdr.protocol : p.upper;
  return proto === NH_IPV6 || proto === PROTO_GRE;
}

/** An IP fragment other than an atomic one (RFC 6946). */
const isFragment = (p: Ip6Packet | Ip4Packet): boolean =>
  p.kind === 'ip4' ? p.hdr.mf || p.hdr.fragOffset > 0 : p.frag !== undefined && (p.frag.offset > 0 || p.frag.more);

/**
 * The IPv6 packet a carrier holds (IPv6 in IPv4, GRE with EtherType IPv6, IPv6 in IPv6);
 * undefined when it holds something else (GRE of another protocol or version), null when the
 * carried packet is malformed (the anomaly is noted).
 */
function unwrap(buf: Buffer, p: Ip6Packet | Ip4Packet, frameEnd: number, ctx: Ctx): Ip6Packet | null | undefined {
  let o: number;
  let end: number;
  let proto: number;
  if (p.kind === 'ip4') {
    o = p.offset + p.hdr.ihl * 4;
    end = Math.min(frameEnd, p.offset + p.hdr.totalLength);
    proto = p.hdr.protocol;
  } else {
    o = p.upperOffset;
    end = p.end;
    proto = p.upper;
  }
  if (proto === PROTO_GRE) {
    const g = decodeGre(buf, o, end);
    if (isFault(g)) {
      if (g.fault === 'short') short(ctx, 'gre', o + (end - o < GRE_MIN_LENGTH ? GRE_MIN_LENGTH : greLengthAt(buf, o)));
      return undefined;
    }
    if (g.protocol !== ETH_IPV6) return undefined;
    o += greLengthAt(buf, o);
  }
  return ip6(buf, o, end, ctx, false) ?? null;
}

/** IPv6 header, extension chain, and the inner IPv4 or ICMPv6 that ends it. */
export function ip6(buf: Buffer, off: number, frameEnd: number, ctx: Ctx, quote: boolean): Ip6Packet | undefined {
  const hdr = decodeIpv6(buf, off, frameEnd);
  if (isFault(hdr)) {
    if (quote) return undefined;
    if (hdr.fault === 'short') short(ctx, 'ipv6', off + IPV6_LENGTH);
    else note(ctx, 'ipv6.bad_version');
    return undefined;
  }
  let end = frameEnd;
  const wireEnd = off + IPV6_LENGTH + hdr.payloadLength;
  if (wireEnd < end) end = wireEnd;
  else if (!quote && wireEnd - ctx.base > ctx.origLen) note(ctx, 'ipv6.payload_length_exceeds_frame');

  let nh = hdr.nextHeader;
  let o = off + IPV6_LENGTH;
  let ext: ExtHeader[] | undefined;
  let frag: FragmentHeader | undefined;
  let tel: OptionsHeader | undefined;
  let fragOffset = -1;
  let chainOk = true;
  while (IS_EXTENSION[nh] === 1) {
    if (frag && frag.offset > 0) break; // the rest is fragment data, not headers
    if ((ext?.length ?? 0) >= MAX_EXT_HEADERS) {
      if (!quote) note(ctx, 'ipv6.ext.chain_too_long');
      chainOk = false;
      break;
    }
    const h = decodeExt(nh, buf, o, end);
    if (isFault(h)) {
      if (!quote && !(frag && h.fault === 'short' && frameEnd === end)) {
        if (h.fault === 'short') {
          const len = extLengthAt(nh, buf, o, end);
          short(ctx, 'ipv6.ext', o + (typeof len === 'number' ? len : nh === NH_FRAGMENT ? 8 : 2));
        } else note(ctx, `ipv6.ext.${h.fault}`);
      }
      chainOk = false;
      break;
    }
    (ext ??= []).push(h);
    if (h.kind === 'fragment') {
      if (frag && !quote) note(ctx, 'ipv6.frag.in_non_first_position');
      if (!frag) fragOffset = o;
      frag ??= h;
    } else if (h.kind === 'options' && h.type === NH_DEST_OPTS && telLimit(h) !== undefined) tel = h;
    nh = h.nextHeader;
    o += h.kind === 'fragment' ? 8 : (extLengthAt(h.kind === 'opaque' ? h.type : h.type, buf, o, end) as number);
  }
  let inner: Ip4Packet | undefined;
  let innerLead: number | undefined;
  let l4: L4 | undefined;
  if (chainOk && !(frag && frag.offset > 0)) {
    const partial = frag !== undefined;
    if (nh === NH_IPV4 && o < end) {
      innerLead = buf[o]!;
      // A first fragment cut inside the inner header is FRAG-009's matter (RFC 7112), not a malformed header.
      const cutByFragmentation =
        partial && frag!.more && end - o < Math.max(IPV4_MIN_LENGTH, ipv4HeaderLengthAt(buf, o));
      if (!cutByFragmentation) inner = ip4(buf, o, end, ctx, quote, partial, 'tunnel');
    } else if (nh === NH_ICMPV6) l4 = icmp6(buf, o, end, ctx, quote || partial);
  }
  const fragDataOffset = fragOffset < 0 ? -1 : fragOffset + 8;
  return {
    kind: 'ip6',
    hdr,
    offset: off,
    ext: ext ?? NO_EXT,
    frag,
    fragOffset,
    fragDataOffset,
    tel,
    upper: nh,
    upperOffset: o,
    end,
    inner,
    innerLead,
    l4,
  };
}

/**
 * IPv4 header and its transport header. `role` names the anomaly for a wrong
 * version: 'tunnel' inside IPv4-in-IPv6, 'ipv4' for a native packet.
 */
export function ip4(
  buf: Buffer,
  off: number,
  outerEnd: number,
  ctx: Ctx,
  quote: boolean,
  partial: boolean,
  role: 'tunnel' | 'ipv4',
): Ip4Packet | undefined {
  const hdr = decodeIpv4(buf, off, outerEnd);
  if (isFault(hdr)) {
    if (quote) return undefined;
    if (hdr.fault === 'short') {
      const ihl = off < outerEnd ? ipv4HeaderLengthAt(buf, off) : IPV4_MIN_LENGTH;
      short(ctx, 'ipv4', off + Math.max(IPV4_MIN_LENGTH, ihl));
    } else if (hdr.fault === 'bad_version') note(ctx, role === 'tunnel' ? 'tunnel.inner_not_ipv4' : 'ipv4.bad_version');
    else note(ctx, `ipv4.${hdr.fault}`);
    return undefined;
  }
  const hl = hdr.ihl * 4;
  const checksumOk = ipv4ChecksumOk(buf, off, hdr.ihl);
  let end = outerEnd;
  if (hdr.totalLength < hl) {
    if (!quote) note(ctx, 'ipv4.bad_total_length');
    return { kind: 'ip4', hdr, offset: off, checksumOk, l4: undefined };
  }
  if (off + hdr.totalLength < end) end = off + hdr.totalLength;
  const l4 =
    hdr.fragOffset === 0 ? transport4(hdr.protocol, buf, off + hl, end, ctx, quote, partial || hdr.mf) : undefined;
  return { kind: 'ip4', hdr, offset: off, checksumOk, l4 };
}

function transport4(
  proto: number,
  buf: Buffer,
  off: number,
  end: number,
  ctx: Ctx,
  quote: boolean,
  partial: boolean,
): L4 | undefined {
  const quiet = quote || partial;
  switch (proto) {
    case PROTO_TCP: {
      const hdr = decodeTcp(buf, off, end);
      if (!isFault(hdr)) return hdr;
      if (quote && end - off >= PORTS_LENGTH) return ports(proto, buf, off);
      if (!quiet) {
        if (hdr.fault === 'short')
          short(
            ctx,
            'tcp',
            off + Math.max(TCP_MIN_LENGTH, end - off >= TCP_DATA_OFFSET_END ? tcpHeaderLengthAt(buf, off) : 0),
          );
        else note(ctx, `tcp.${hdr.fault}`);
      }
      return undefined;
    }
    case PROTO_UDP: {
      const hdr = decodeUdp(buf, off, end);
      if (!isFault(hdr)) return hdr;
      if (quote && end - off >= PORTS_LENGTH) return ports(proto, buf, off);
      if (!quiet) short(ctx, 'udp', off + UDP_LENGTH);
      return undefined;
    }
    case PROTO_ICMP: {
      const hdr = decodeIcmp(buf, off, end);
      if (isFault(hdr)) {
        if (!quiet) short(ctx, 'icmp', off + ICMP_LENGTH);
        return undefined;
      }
      const quoted =
        !quote && ICMP4_ERRORS.has(hdr.type) ? ip4(buf, off + ICMP_LENGTH, end, ctx, true, true, 'ipv4') : undefined;
      return { kind: 'icmp', hdr, quoted };
    }
    default:
      return undefined;
  }
}

function ports(protocol: number, buf: Buffer, off: number): L4 {
  return { kind: 'ports', protocol, srcPort: srcPortAt(buf, off), dstPort: dstPortAt(buf, off) };
}

function icmp6(buf: Buffer, off: number, end: number, ctx: Ctx, quiet: boolean): L4 | undefined {
  const hdr = decodeIcmp(buf, off, end);
  if (isFault(hdr)) {
    if (!quiet) short(ctx, 'icmpv6', off + ICMP_LENGTH);
    return undefined;
  }
  // Errors quote the offending packet; one level deep, as a quote of a quote says nothing new.
  const quoted = ICMP6_ERRORS.has(hdr.type) && !quiet ? ip6(buf, off + ICMP_LENGTH, end, ctx, true) : undefined;
  return { kind: 'icmpv6', hdr, quoted };
}
