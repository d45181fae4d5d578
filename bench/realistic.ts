/**
 * The benchmark's realistic mix: a DS-Lite access link as real captures show it, seeded and
 * deterministic. Beside the clean mix of generate.ts it has what makes a checker work:
 *  - flows that come and go (short DNS-like ones, medium, a few long), over 30,000 of them
 *    across the B4s, each with its own ephemeral port and NAT mapping;
 *  - outer fragments on about 8 % of tunnel frames, in order, reversed and interleaved with
 *    the next packet;
 *  - inner IPv4 fragments (a LAN host's 2000-byte UDP datagrams, cut to the LAN's 1500);
 *  - ICMPv4 errors down the softwire quoting the datagram they answer;
 *  - about 16 % frames beside the tunnel: plain IPv4, ARP, IPv6 Neighbor Discovery;
 *  - an 802.1Q tag on about 30 % of the frames.
 * With `internetPath` it also writes the AFTR's Internet side of the same traffic (translated
 * by a NAT with one port per flow, 100 µs later), for the two-point bench. A load generator,
 * not test truth: the scapy fixtures and the lab are that.
 */
import { type Ip6Key, parseIp6 } from '../src/codec/addr.js';
import { encodeEthernet } from '../src/codec/ethernet.js';
import { encodeIcmp, fillIcmpChecksum } from '../src/codec/icmp.js';
import { encodeIpv4, fillIpv4Checksum, ipv4Header, type Ipv4Header } from '../src/codec/ipv4.js';
import { encodeIpv6, ipv6Header } from '../src/codec/ipv6.js';
import { encodeUdp } from '../src/codec/udp.js';
import { encodeVlan } from '../src/codec/vlan.js';
import { pcapWriter, rng } from './generate.js';
import {
  AFTR,
  AFTR_MAC,
  EXT_POOL,
  type GeneratedFlow,
  writeInternetFrame,
  writeSoftwireHeaders,
  writeTransport,
} from './packets.js';

export interface RealisticOptions {
  readonly packets: number;
  readonly b4s: number;
  readonly seed: number;
  readonly internetPath?: string;
}

export interface MixStats {
  frames: number;
  bytes: number;
  tunnelFrames: number;
  outerFragmentFrames: number;
  innerFragmentFrames: number;
  icmpErrors: number;
  otherFrames: number;
  vlanFrames: number;
  flows: number;
  internetFrames: number;
  /** Whole datagrams on the Internet side (its inner fragments reassembled): what the correlation pairs. */
  internetDatagrams: number;
}

const LINK_MTU = 1500;
const FRAG_DATA = Math.floor((LINK_MTU - 48) / 8) * 8;
const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_ARP = 0x0806;
const ETH_VLAN = 0x8100;
/** Shares of the mix (per tunnel datagram, or per frame for VLAN tags). */
const SHARE = {
  oversized: 0.045,
  innerFragmented: 0.012,
  icmpError: 0.004,
  other: 0.2,
  vlan: 0.3,
} as const;

interface Flow extends GeneratedFlow {
  readonly ext: number;
  readonly extPort: number;
  left: number;
  /** Whether the subscriber has sent yet: a flow opens upstream (client first), as through a NAT it must. */
  opened: boolean;
}

/** Packets a new flow will carry: most short (DNS, pings), some medium, a few long (mean about 50). */
function lifetime(r: () => number): number {
  const u = r();
  if (u < 0.7) return 2 + Math.floor(r() * 7);
  if (u < 0.97) return 10 + Math.floor(r() * 91);
  return 200 + Math.floor(r() * 1801);
}

export function generateRealistic(path: string, o: RealisticOptions): MixStats {
  const rand = rng(o.seed);
  const b4Keys: Ip6Key[] = Array.from({ length: o.b4s }, (_, i) =>
    parseIp6(`2001:db8:${(0x1000 + Math.floor(i / 256)).toString(16)}:${(i % 256).toString(16)}::2`)!,
  );
  const nextPort = new Uint16Array(o.b4s).fill(32768);
  const extNext = new Map<number, number>();
  const stats: MixStats = {
    frames: 0,
    bytes: 24,
    tunnelFrames: 0,
    outerFragmentFrames: 0,
    innerFragmentFrames: 0,
    icmpErrors: 0,
    otherFrames: 0,
    vlanFrames: 0,
    flows: 0,
    internetFrames: 0,
    internetDatagrams: 0,
  };
  const newFlow = (b4: number): Flow => {
    const u = rand();
    const proto = u < 0.55 ? 6 : u < 0.9 ? 17 : 1;
    const ext = (EXT_POOL | (b4 % 250)) >>> 0;
    const extPort = extNext.get(ext) ?? 1024;
    extNext.set(ext, extPort >= 65535 ? 1024 : extPort + 1);
    const iport = nextPort[b4]!;
    nextPort[b4] = iport >= 60999 ? 32768 : iport + 1;
    stats.flows++;
    return {
      b4,
      proto,
      internal: (0xc0a80000 | ((b4 % 250) << 8) | (10 + Math.floor(rand() * 4))) >>> 0,
      iport,
      remote: (0xc6336400 | (1 + Math.floor(rand() * 250))) >>> 0,
      rport: proto === 6 ? 443 : proto === 17 ? 53 : 0,
      ext,
      extPort,
      seqUp: Math.floor(rand() * 2 ** 32),
      seqDown: Math.floor(rand() * 2 ** 32),
      id: Math.floor(rand() * 65536),
      left: lifetime(rand),
      opened: false,
    };
  };
  // Every B4 starts with flows, so every softwire carries traffic.
  const active: Flow[] = Array.from({ length: o.b4s * 4 }, (_, i) => newFlow(i % o.b4s));

  const w = pcapWriter(path);
  const inet = o.internetPath !== undefined ? pcapWriter(o.internetPath) : undefined;
  let sec = 1767225600;
  let usec = 0;
  let fragId = 1;
  const inner = Buffer.alloc(2048);
  const translated = Buffer.alloc(2048);
  const scratch = Buffer.alloc(2048);
  /** Frames held back to be written after the next datagram's (interleaved fragments). */
  let held: Buffer[] = [];

  const tick = (): void => {
    usec += 7;
    if (usec >= 1_000_000) {
      usec -= 1_000_000;
      sec++;
    }
  };
  /** Writes one frame: a record header, Ethernet (tagged or not), then `body` writes the rest. */
  const frame = (
    dst: number,
    src: number,
    etherType: number,
    bodyLength: number,
    body: (out: Buffer, p: number) => void,
  ): Buffer => {
    const tagged = rand() < SHARE.vlan;
    const total = 14 + (tagged ? 4 : 0) + bodyLength;
    const rec = Buffer.alloc(16 + total);
    rec.writeUInt32LE(total, 8);
    rec.writeUInt32LE(total, 12);
    let p = encodeEthernet({ dst, src, etherType: tagged ? ETH_VLAN : etherType }, rec, 16);
    if (tagged) p = encodeVlan({ pcp: 0, dei: false, vid: etherType === ETH_IPV6 ? 100 : 200, etherType }, rec, p);
    body(rec, p);
    if (tagged) stats.vlanFrames++;
    return rec;
  };
  const emit = (rec: Buffer): void => {
    tick();
    rec.writeUInt32LE(sec, 0);
    rec.writeUInt32LE(usec, 4);
    const out = w.room(rec.length);
    rec.copy(out, w.at());
    w.advance(rec.length);
    stats.frames++;
    stats.bytes += rec.length;
  };

  /** The tunnel frames of one inner packet `inner[0, size)`: whole, or outer-fragmented in a chosen order. */
  const tunnel = (f: Flow, up: boolean, size: number): void => {
    const b4Mac = 0x020000000000 + f.b4;
    const [dst, src] = up ? [AFTR_MAC, b4Mac] : [b4Mac, AFTR_MAC];
    const b4 = b4Keys[f.b4]!;
    const piece = (off: number, len: number, frag?: { more: boolean; id: number }): Buffer =>
      frame(dst, src, ETH_IPV6, 40 + (frag ? 8 : 0) + len, (out, p) => {
        const q = writeSoftwireHeaders(out, p, {
          up,
          b4,
          aftr: AFTR,
          length: len,
          ...(frag && { frag: { off, ...frag } }),
        });
        inner.copy(out, q, off, off + len);
      });
    if (size + 40 <= LINK_MTU) {
      emit(piece(0, size));
      stats.tunnelFrames++;
      return;
    }
    const id = fragId++;
    const pieces: Buffer[] = [];
    for (let off = 0; off < size; off += FRAG_DATA) {
      const len = Math.min(FRAG_DATA, size - off);
      pieces.push(piece(off, len, { more: off + len < size, id }));
    }
    stats.tunnelFrames += pieces.length;
    stats.outerFragmentFrames += pieces.length;
    const order = rand();
    if (order < 0.6) pieces.forEach(emit);
    else if (order < 0.8) pieces.reverse().forEach(emit);
    else {
      emit(pieces[0]!);
      held.push(...pieces.slice(1));
    }
  };

  /** The inner IPv4 header of a datagram of `f` (fragment fields as given). */
  const ipv4 = (f: Flow, up: boolean, total: number, frag: { mf: boolean; offset: number }): Ipv4Header => ({
    version: 4,
    ihl: 5,
    tos: 0,
    totalLength: total,
    id: f.id,
    reserved: false,
    df: f.proto === 6,
    mf: frag.mf,
    fragOffset: frag.offset / 8,
    ttl: up ? 63 : 52,
    protocol: f.proto,
    checksum: 0,
    src: up ? f.internal : f.remote,
    dst: up ? f.remote : f.internal,
    options: Buffer.alloc(0),
  });

  const transport = (buf: Buffer, f: Flow, up: boolean, size: number): void =>
    writeTransport(buf, f, up, size, stats.frames);

  /**
   * The Identification an up datagram of `f` leaves the AFTR with: a conformant AFTR chooses
   * outbound IDs as if it sourced the datagrams (RFC 6864 §5.3.1), one counter per external
   * source, destination and protocol, not the subscribers' own (NAT-014 holds it to that).
   */
  const idCounters = new Map<number, number>();
  const outboundId = (f: Flow): number => {
    const k = f.ext * 1024 + (f.remote & 0xff) * 4 + (f.proto === 6 ? 0 : f.proto === 17 ? 1 : 2);
    const id = ((idCounters.get(k) ?? 0) + 1) & 0xffff;
    idCounters.set(k, id);
    return id;
  };

  /** The Internet side's copy of `buf[0, size)`: the subscriber end translated, the TTL one router further, an up datagram's ID `id`. */
  const internet = (f: Flow, up: boolean, buf: Buffer, size: number, first: boolean, id = -1): void => {
    if (!inet) return;
    buf.copy(translated, 0, 0, size);
    translated.writeUInt32BE(f.ext, up ? 12 : 16);
    if (up && id >= 0) translated.writeUInt16BE(id, 4);
    translated[8] = up ? translated[8]! - 1 : translated[8]! + 1;
    if (first) {
      if (f.proto !== 1) translated.writeUInt16BE(f.extPort, up ? 20 : 22);
      else translated.writeUInt16BE(f.extPort, 24);
    }
    fillIpv4Checksum(translated, 0);
    writeInternetFrame(inet, sec, usec, up, translated, size);
    stats.internetFrames++;
  };

  /** One datagram of `f`: whole, or (a LAN host's big UDP datagram) as inner fragments. */
  const datagram = (f: Flow, up: boolean): void => {
    const r = rand();
    if (f.proto === 17 && up && r < SHARE.innerFragmented) {
      const total = 2000;
      const pieces = [
        { offset: 0, length: 1480, mf: true },
        { offset: 1480, length: total - 20 - 1480, mf: false },
      ];
      scratch.fill(0, 0, total);
      transport(scratch, f, up, total);
      const id = inet ? outboundId(f) : -1;
      for (const pc of pieces) {
        inner.fill(0, 0, 20 + pc.length);
        encodeIpv4(ipv4(f, up, 20 + pc.length, { mf: pc.mf, offset: pc.offset }), inner, 0);
        scratch.copy(inner, 20, 20 + pc.offset, 20 + pc.offset + pc.length);
        fillIpv4Checksum(inner, 0);
        internet(f, up, inner, 20 + pc.length, pc.offset === 0, id);
        tunnel(f, up, 20 + pc.length);
        stats.innerFragmentFrames++;
      }
      f.id = (f.id + 1) & 0xffff;
      if (inet) stats.internetDatagrams++;
      return;
    }
    const oversized = f.proto !== 1 && r < SHARE.oversized;
    const size =
      f.proto === 1
        ? 84
        : oversized
          ? 1500
          : f.proto === 6
            ? [40, 576, 1400][Math.floor(rand() * 3)]!
            : 100 + Math.floor(rand() * 500);
    inner.fill(0, 0, size);
    encodeIpv4(ipv4(f, up, size, { mf: false, offset: 0 }), inner, 0);
    fillIpv4Checksum(inner, 0);
    transport(inner, f, up, size);
    f.id = (f.id + 1) & 0xffff;
    if (inet) {
      internet(f, up, inner, size, true, up ? outboundId(f) : -1);
      stats.internetDatagrams++;
    }
    tunnel(f, up, size);
  };

  /** A Port Unreachable from the remote end down the softwire, quoting an up datagram of `f`. */
  const icmpError = (f: Flow): void => {
    const quoteSize = 28;
    scratch.fill(0, 0, quoteSize);
    encodeIpv4(ipv4(f, true, 100, { mf: false, offset: 0 }), scratch, 0);
    scratch[8] = 62;
    fillIpv4Checksum(scratch, 0);
    encodeUdp({ kind: 'udp', srcPort: f.iport, dstPort: f.rport, length: 80, checksum: 0 }, scratch, 20);
    const size = 20 + 8 + quoteSize;
    inner.fill(0, 0, size);
    encodeIpv4(
      { ...ipv4(f, false, size, { mf: false, offset: 0 }), protocol: 1, df: false, id: (f.id + 7) & 0xffff },
      inner,
      0,
    );
    fillIpv4Checksum(inner, 0);
    encodeIcmp({ type: 3, code: 3, checksum: 0, rest: 0 }, inner, 20);
    scratch.copy(inner, 28, 0, quoteSize);
    fillIcmpChecksum(inner, 20, size);
    if (inet) {
      // What reached the AFTR: addressed to the external endpoint, quoting the translated datagram.
      inner.copy(scratch, 0, 0, size);
      scratch.writeUInt32BE(f.ext, 28 + 12);
      scratch.writeUInt16BE(f.extPort, 28 + 20);
      fillIpv4Checksum(scratch, 28);
      fillIcmpChecksum(scratch, 20, size);
      internet(f, false, scratch, size, false);
      stats.internetDatagrams++;
    }
    tunnel(f, false, size);
    stats.icmpErrors++;
  };

  /** A frame beside the tunnel: plain IPv4 on the link, ARP, or IPv6 Neighbor Discovery. */
  const other = (): void => {
    const u = rand();
    const host = 0x020000100000 + Math.floor(rand() * 64);
    if (u < 0.6) {
      const rec = frame(AFTR_MAC, host, ETH_IPV4, 20 + 8 + 64, (out, p) => {
        // Syslog from a device on the link to the access router: IPv4 beside the softwires.
        encodeIpv4(
          ipv4Header({
            totalLength: 92,
            id: stats.frames & 0xffff,
            protocol: 17,
            src: 0x0a000000 | (host & 0xff),
            dst: 0x0a000001,
          }),
          out,
          p,
        );
        fillIpv4Checksum(out, p);
        encodeUdp({ kind: 'udp', srcPort: 514, dstPort: 514, length: 72, checksum: 0 }, out, p + 20);
      });
      emit(rec);
    } else if (u < 0.8) {
      emit(
        frame(0xffffffffffff, host, ETH_ARP, 28, (out, p) => {
          // ARP request (RFC 826): Ethernet/IPv4, who has 10.0.0.1, tell 10.0.0.x.
          out.writeUInt16BE(1, p);
          out.writeUInt16BE(ETH_IPV4, p + 2);
          out[p + 4] = 6;
          out[p + 5] = 4;
          out.writeUInt16BE(1, p + 6);
          out.writeUIntBE(host, p + 8, 6);
          out.writeUInt32BE(0x0a000000 | (host & 0xff), p + 14);
          out.writeUInt32BE(0x0a000001, p + 24);
        }),
      );
    } else {
      const src = parseIp6(`fe80::${(host & 0xffff).toString(16)}`)!;
      const dst = parseIp6('ff02::1:ff00:1')!;
      emit(
        frame(0x3333ff000001, host, ETH_IPV6, 40 + 24, (out, p) => {
          const q = encodeIpv6(
            ipv6Header({ trafficClass: 0, flowLabel: 0, payloadLength: 24, nextHeader: 58, hopLimit: 255, src, dst }),
            out,
            p,
          );
          // Neighbor Solicitation (RFC 4861 §4.3) for 2001:db8::1; checksum left 0 (not judged).
          encodeIcmp({ type: 135, code: 0, checksum: 0, rest: 0 }, out, q);
          out.writeUInt32BE(0x20010db8, q + 8);
          out.writeUInt32BE(1, q + 20);
        }),
      );
    }
    stats.otherFrames++;
  };

  while (stats.frames < o.packets) {
    const i = Math.floor(rand() * active.length);
    const f = active[i]!;
    const up = !f.opened || rand() < 0.5;
    f.opened = true;
    if (!up && f.proto === 17 && rand() < SHARE.icmpError / 0.175) icmpError(f);
    else datagram(f, up);
    if (--f.left <= 0) active[i] = newFlow(Math.floor(rand() * o.b4s));
    const later = held;
    held = [];
    later.forEach(emit);
    if (rand() < SHARE.other) other();
  }
  held.forEach(emit);
  w.close();
  inet?.close();
  return stats;
}
