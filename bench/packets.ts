/**
 * What both benchmark generators write the same way: a pcap record header, a softwire packet's
 * outer headers, and a datagram's transport header (TCP, UDP or ICMP echo) with the flow's
 * sequence numbers moved on.
 */
import { type Ip6Key, parseIp6 } from '../src/codec/addr.js';
import { encodeEthernet } from '../src/codec/ethernet.js';
import { encodeIcmp } from '../src/codec/icmp.js';
import { encodeExt } from '../src/codec/ipv6-ext.js';
import { encodeIpv6, ipv6Header } from '../src/codec/ipv6.js';
import { encodeTcp, TCP_ACK, TCP_PSH } from '../src/codec/tcp.js';
import { encodeUdp } from '../src/codec/udp.js';

/** The flow fields a transport header is written from. */
export interface TransportFlow {
  readonly proto: 6 | 17 | 1;
  readonly iport: number;
  readonly rport: number;
  seqUp: number;
  seqDown: number;
}

/** One inner flow of a generated capture: its B4 (an index), endpoints, sequence numbers and next IP ID. */
export interface GeneratedFlow extends TransportFlow {
  readonly b4: number;
  readonly internal: number;
  readonly remote: number;
  id: number;
}

/** The AFTR both generators' B4s use, its link-side MAC, and its NAT pool 203.0.113.0/24. */
export const AFTR = parseIp6('2001:db8::1')!;
export const AFTR_MAC = 0x02000000ff01;
export const EXT_POOL = 0xcb007100;

/** Writes a classic pcap record header (µs timestamp, captured = original length) at `pos`. */
export function recordHeader(out: Buffer, pos: number, sec: number, usec: number, length: number): void {
  out.writeUInt32LE(sec, pos);
  out.writeUInt32LE(usec, pos + 4);
  out.writeUInt32LE(length, pos + 8);
  out.writeUInt32LE(length, pos + 12);
}

/**
 * The transport header of a `size`-byte datagram of `f` after its 20-byte IPv4 header in `buf`;
 * a TCP flow's sequence number in that direction moves on by the data. `icmpSeq` numbers echoes.
 */
export function writeTransport(buf: Buffer, f: TransportFlow, up: boolean, size: number, icmpSeq: number): void {
  const [sp, dp] = up ? [f.iport, f.rport] : [f.rport, f.iport];
  if (f.proto === 6) {
    encodeTcp(
      {
        kind: 'tcp',
        srcPort: sp,
        dstPort: dp,
        seq: up ? f.seqUp : f.seqDown,
        ack: up ? f.seqDown : f.seqUp,
        dataOffset: 5,
        flags: size > 40 ? TCP_ACK | TCP_PSH : TCP_ACK,
        window: 65535,
        checksum: 0,
        urgent: 0,
        options: Buffer.alloc(0),
      },
      buf,
      20,
    );
    if (up) f.seqUp = (f.seqUp + size - 40) >>> 0;
    else f.seqDown = (f.seqDown + size - 40) >>> 0;
  } else if (f.proto === 17)
    encodeUdp({ kind: 'udp', srcPort: sp, dstPort: dp, length: size - 20, checksum: 0 }, buf, 20);
  else encodeIcmp({ type: up ? 8 : 0, code: 0, checksum: 0, rest: (f.iport << 16) | (icmpSeq & 0xffff) }, buf, 20);
}

/**
 * The outer headers of a softwire packet at `p`: IPv6 between the B4 and the AFTR (hop limit 64)
 * and, for an outer fragment, its Fragment header; returns where the `length` bytes of inner
 * packet (or piece of it, at byte `frag.off`) go.
 */
export function writeSoftwireHeaders(
  out: Buffer,
  p: number,
  o: {
    readonly up: boolean;
    readonly b4: Ip6Key;
    readonly aftr: Ip6Key;
    readonly length: number;
    readonly frag?: { readonly off: number; readonly more: boolean; readonly id: number };
  },
): number {
  const { up, b4, aftr, length, frag } = o;
  const q = encodeIpv6(
    ipv6Header({
      trafficClass: 0,
      flowLabel: 0,
      payloadLength: (frag ? 8 : 0) + length,
      nextHeader: frag ? 44 : 4,
      hopLimit: 64,
      src: up ? b4 : aftr,
      dst: up ? aftr : b4,
    }),
    out,
    p,
  );
  if (!frag) return q;
  return encodeExt(
    { kind: 'fragment', nextHeader: 4, reserved: 0, offset: frag.off / 8, res: 0, more: frag.more, id: frag.id },
    out,
    q,
  );
}

/** The AFTR's Internet-side interface and the router beyond it. */
export const AFTR_EXT_MAC = 0x02000000ff02;
export const INET_MAC = 0x02000000ee01;

/** A writer of pcap records (generate.ts's `pcapWriter`). */
interface RecordWriter {
  room(n: number): Buffer;
  at(): number;
  advance(n: number): void;
}

/**
 * One frame of the AFTR's Internet side, 100 µs after the tunnel frame at (`sec`, `usec`):
 * Ethernet between the AFTR and the router (up: AFTR → router), then `data[0, size)`.
 */
export function writeInternetFrame(
  w: RecordWriter,
  sec: number,
  usec: number,
  up: boolean,
  data: Buffer,
  size: number,
): void {
  const total = 14 + size;
  const out = w.room(16 + total);
  const pos = w.at();
  const t = usec + 100;
  recordHeader(out, pos, sec + Math.floor(t / 1_000_000), t % 1_000_000, total);
  const p = encodeEthernet(
    { dst: up ? INET_MAC : AFTR_EXT_MAC, src: up ? AFTR_EXT_MAC : INET_MAC, etherType: 0x0800 },
    out,
    pos + 16,
  );
  data.copy(out, p, 0, size);
  w.advance(16 + total);
}
