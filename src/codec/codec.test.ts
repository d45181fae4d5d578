import { describe, expect, it } from 'vitest';
import { isFault } from './fault.js';
import { decodeEthernet, encodeEthernet, lengthEthernet, type EthernetHeader } from './ethernet.js';
import { decodeVlan, encodeVlan, lengthVlan, type VlanTag } from './vlan.js';
import { decodePppoe, encodePppoe, lengthPppoe, type PppoeSession } from './pppoe.js';
import {
  decodeSll,
  decodeSll2,
  encodeSll,
  encodeSll2,
  lengthSll,
  lengthSll2,
  type SllHeader,
  type Sll2Header,
} from './sll.js';
import { decodeNull, encodeNull, lengthNull } from './null.js';
import { decodeIpv4, encodeIpv4, fillIpv4Checksum, ipv4ChecksumOk, lengthIpv4, type Ipv4Header } from './ipv4.js';
import { decodeIpv6, encodeIpv6, ipv6Header, lengthIpv6, type Ipv6Header } from './ipv6.js';
import {
  decodeExt,
  encodeExt,
  lengthExt,
  TEL_HEADER_LENGTH,
  telHeader,
  telLimit,
  isCanonicalTel,
  type ExtHeader,
} from './ipv6-ext.js';
import { decodeTcp, encodeTcp, lengthTcp, tcpMss, type TcpHeader } from './tcp.js';
import { decodeUdp, encodeUdp, lengthUdp, type UdpHeader } from './udp.js';
import { decodeIcmp, encodeIcmp, lengthIcmp, type IcmpHeader } from './icmp.js';
import { type Fault } from './fault.js';
import { decodeGre, encodeGre, lengthGre, type GreHeader } from './gre.js';
import { decodeMpls, encodeMpls, lengthMpls, type MplsLabel } from './mpls.js';
import { parseIp6 } from './addr.js';

interface Codec<H> {
  name: string;
  value: H;
  decode: (b: Buffer, o: number, e: number) => H | Fault;
  encode: (h: H, b: Buffer, o: number) => number;
  length: (h: H) => number;
}

const v6 = (s: string) => parseIp6(s)!;
const ipv4: Ipv4Header = {
  version: 4,
  ihl: 6,
  tos: 0xb8,
  totalLength: 1500,
  id: 0x1c2d,
  reserved: false,
  df: true,
  mf: false,
  fragOffset: 0,
  ttl: 63,
  protocol: 17,
  checksum: 0xabcd,
  src: 0xc0a8010a | 0,
  dst: 0xc6336450 | 0,
  options: Buffer.from([1, 1, 1, 0]),
};

const codecs: Codec<unknown>[] = [
  {
    name: 'ethernet',
    value: { dst: 0x020000000102, src: 0x02000000ff01, etherType: 0x86dd } satisfies EthernetHeader,
    decode: decodeEthernet,
    encode: encodeEthernet as never,
    length: lengthEthernet as never,
  },
  {
    name: 'vlan',
    value: { pcp: 5, dei: true, vid: 4094, etherType: 0x8100 } satisfies VlanTag,
    decode: decodeVlan,
    encode: encodeVlan as never,
    length: lengthVlan as never,
  },
  {
    name: 'pppoe',
    value: {
      version: 1,
      type: 1,
      code: 0,
      sessionId: 0x101,
      length: 1494,
      pppProtocol: 0x57,
      pppProtocolLength: 2,
    } satisfies PppoeSession,
    decode: decodePppoe,
    encode: encodePppoe as never,
    length: lengthPppoe as never,
  },
  {
    name: 'pppoe-pfc',
    value: {
      version: 1,
      type: 1,
      code: 0,
      sessionId: 7,
      length: 1493,
      pppProtocol: 0x57,
      pppProtocolLength: 1,
    } satisfies PppoeSession,
    decode: decodePppoe,
    encode: encodePppoe as never,
    length: lengthPppoe as never,
  },
  {
    name: 'sll',
    value: { packetType: 4, arphrdType: 1, addrLength: 6, addr: '020000000102', protocol: 0x86dd } satisfies SllHeader,
    decode: decodeSll,
    encode: encodeSll as never,
    length: lengthSll as never,
  },
  {
    name: 'sll2',
    value: {
      protocol: 0x86dd,
      interfaceIndex: 3,
      arphrdType: 1,
      packetType: 0,
      addrLength: 6,
      addr: '020000000102',
    } satisfies Sll2Header,
    decode: decodeSll2,
    encode: encodeSll2 as never,
    length: lengthSll2 as never,
  },
  { name: 'null', value: { family: 30 }, decode: decodeNull, encode: encodeNull as never, length: lengthNull as never },
  { name: 'ipv4', value: ipv4, decode: decodeIpv4, encode: encodeIpv4 as never, length: lengthIpv4 as never },
  {
    name: 'ipv6',
    value: ipv6Header({
      trafficClass: 0xb8,
      flowLabel: 0xabcde,
      payloadLength: 1500,
      nextHeader: 4,
      hopLimit: 64,
      src: v6('2001:db8:100:1::2'),
      dst: v6('2001:db8:0:ffff::1'),
    }) satisfies Ipv6Header,
    decode: decodeIpv6,
    encode: encodeIpv6 as never,
    length: lengthIpv6 as never,
  },
  {
    name: 'fragment',
    value: {
      kind: 'fragment',
      nextHeader: 4,
      reserved: 0,
      offset: 181,
      res: 0,
      more: true,
      id: 0x2a000001,
    } satisfies ExtHeader,
    decode: (b, o, e) => decodeExt(44, b, o, e),
    encode: encodeExt as never,
    length: lengthExt as never,
  },
  {
    name: 'tel',
    value: telHeader(4, 4),
    decode: (b, o, e) => decodeExt(60, b, o, e),
    encode: encodeExt as never,
    length: lengthExt as never,
  },
  {
    name: 'tcp',
    value: {
      kind: 'tcp',
      srcPort: 50000,
      dstPort: 443,
      seq: 0xfffffff0 | 0,
      ack: 1,
      dataOffset: 6,
      flags: 0x12,
      window: 65535,
      checksum: 0x1234,
      urgent: 0,
      options: Buffer.from([2, 4, 5, 0xb4]),
    } satisfies TcpHeader,
    decode: decodeTcp,
    encode: encodeTcp as never,
    length: lengthTcp as never,
  },
  {
    name: 'udp',
    value: { kind: 'udp', srcPort: 53001, dstPort: 53, length: 45, checksum: 0 } satisfies UdpHeader,
    decode: decodeUdp,
    encode: encodeUdp as never,
    length: lengthUdp as never,
  },
  {
    name: 'icmp',
    value: { type: 3, code: 4, checksum: 0xbeef, rest: 1460 } satisfies IcmpHeader,
    decode: decodeIcmp,
    encode: encodeIcmp as never,
    length: lengthIcmp as never,
  },
  {
    name: 'gre',
    value: {
      checksum: undefined,
      key: undefined,
      sequence: undefined,
      version: 0,
      protocol: 0x86dd,
    } satisfies GreHeader,
    decode: decodeGre,
    encode: encodeGre as never,
    length: lengthGre as never,
  },
  {
    name: 'gre-csum-key-seq',
    value: { checksum: 0xbeef, key: 0xfeedf00d, sequence: 7, version: 0, protocol: 0x86dd } satisfies GreHeader,
    decode: decodeGre,
    encode: encodeGre as never,
    length: lengthGre as never,
  },
  {
    name: 'mpls',
    value: { label: 0xfffff, tc: 5, bottom: true, ttl: 64 } satisfies MplsLabel,
    decode: decodeMpls,
    encode: encodeMpls as never,
    length: lengthMpls as never,
  },
];

describe.each(codecs)('$name codec', (c) => {
  it('round-trips: decode(encode(h)) == h and re-encoding gives the same bytes', () => {
    const len = c.length(c.value);
    const buf = Buffer.alloc(len + 3, 0xee);
    expect(c.encode(c.value, buf, 1)).toBe(1 + len);
    const back = c.decode(buf, 1, 1 + len);
    expect(isFault(back)).toBe(false);
    expect(back).toEqual(c.value);
    const again = Buffer.alloc(len + 3, 0xee);
    c.encode(back, again, 1);
    expect(again).toEqual(buf);
  });

  it('returns a fault, never throws, when cut at any byte boundary', () => {
    const len = c.length(c.value);
    const buf = Buffer.alloc(len);
    c.encode(c.value, buf, 0);
    for (let cut = 0; cut < len; cut++) {
      const r = c.decode(buf, 0, cut);
      // PPP protocol-field compression makes a 7-byte PPPoE header complete.
      if (c.name === 'pppoe-pfc' && cut === 7) continue;
      expect(isFault(r), `cut at ${cut}`).toBe(true);
    }
  });
});

describe('IPv4 checksum', () => {
  it('verifies after fillIpv4Checksum and fails after a flipped bit', () => {
    const buf = Buffer.alloc(24);
    encodeIpv4(ipv4, buf, 0);
    fillIpv4Checksum(buf, 0);
    expect(ipv4ChecksumOk(buf, 0, 6)).toBe(true);
    buf[8]! ^= 1;
    expect(ipv4ChecksumOk(buf, 0, 6)).toBe(false);
  });
});

describe('Tunnel Encapsulation Limit header', () => {
  it('encodes to the RFC 2473 §5.1 bytes 04 00 04 01 <limit> 01 01 00', () => {
    const buf = Buffer.alloc(8);
    encodeExt(telHeader(4, 4), buf, 0);
    expect([...buf]).toEqual([4, 0, 4, 1, 4, 1, 1, 0]);
    expect(lengthExt(telHeader(4, 4))).toBe(TEL_HEADER_LENGTH);
  });
  it('decodes the Linux ip6tnl bytes and recognises the layout', () => {
    const h = decodeExt(60, Buffer.from([4, 0, 4, 1, 4, 1, 1, 0]), 0, 8);
    expect(isFault(h)).toBe(false);
    if (isFault(h) || h.kind !== 'options') throw new Error('not options');
    expect(telLimit(h)).toBe(4);
    expect(isCanonicalTel(h)).toBe(true);
  });
  it('rejects an option that overruns its header', () => {
    const h = decodeExt(60, Buffer.from([4, 0, 4, 10, 4, 1, 1, 0]), 0, 8);
    expect(h).toEqual({ fault: 'bad_options' });
  });
});

describe('TCP MSS option', () => {
  it('finds MSS among other options and ignores malformed lists', () => {
    const base = codecs.find((c) => c.name === 'tcp')!.value as TcpHeader;
    expect(tcpMss({ ...base, options: Buffer.from([1, 1, 2, 4, 5, 0x8c]) })).toBe(1420);
    expect(tcpMss({ ...base, options: Buffer.from([3, 3, 7, 2, 4, 5, 0x8c, 0]) })).toBe(1420);
    expect(tcpMss({ ...base, options: Buffer.from([2, 9, 5]) })).toBeUndefined();
    expect(tcpMss({ ...base, options: Buffer.from([0, 2, 4, 5, 0xb4]) })).toBeUndefined();
  });
});
