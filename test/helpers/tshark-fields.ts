import { ip4ToString, ip6ToString } from '../../src/codec/addr.js';
import { ip6Dst, ip6Src } from '../../src/codec/ipv6.js';
import type { Dissection, Ip4Packet, Ip6Packet, L4 } from '../../src/dissect/types.js';

/** The tshark fields the differential test compares, in `-e` order. */
export const FIELDS = [
  'ipv6.src',
  'ipv6.dst',
  'ipv6.nxt',
  'ipv6.hopopts.nxt',
  'ipv6.dstopts.nxt',
  'ipv6.fraghdr.nxt',
  'ipv6.fraghdr.offset',
  'ipv6.fraghdr.more',
  'ipv6.fraghdr.ident',
  'ip.src',
  'ip.dst',
  'ip.proto',
  'ip.id',
  'ip.flags.df',
  'ip.flags.mf',
  'ip.frag_offset',
  'ip.ttl',
  'tcp.srcport',
  'tcp.dstport',
  'udp.srcport',
  'udp.dstport',
] as const;

export type Fields = Record<(typeof FIELDS)[number], string[]>;

const hex = (n: number, w: number): string => `0x${n.toString(16).padStart(w, '0')}`;

/** Our dissection rendered as tshark would print those fields (occurrences in protocol-tree order). */
export function ourFields(d: Dissection): Fields {
  const f = Object.fromEntries(FIELDS.map((k) => [k, [] as string[]])) as Fields;
  const l4 = (x: L4 | undefined): void => {
    if (!x) return;
    if (x.kind === 'tcp' || x.kind === 'udp') {
      f[`${x.kind}.srcport`].push(String(x.srcPort));
      f[`${x.kind}.dstport`].push(String(x.dstPort));
    } else if (x.kind === 'ports') {
      const p = x.protocol === 6 ? 'tcp' : 'udp';
      f[`${p}.srcport`].push(String(x.srcPort));
      f[`${p}.dstport`].push(String(x.dstPort));
    } else if (x.kind === 'icmp' && x.quoted) ip4(x.quoted);
    else if (x.kind === 'icmpv6' && x.quoted) ip6(x.quoted);
  };
  const ip4 = (p: Ip4Packet): void => {
    const h = p.hdr;
    f['ip.src'].push(ip4ToString(h.src));
    f['ip.dst'].push(ip4ToString(h.dst));
    f['ip.proto'].push(String(h.protocol));
    f['ip.id'].push(hex(h.id, 4));
    f['ip.flags.df'].push(h.df ? '1' : '0');
    f['ip.flags.mf'].push(h.mf ? '1' : '0');
    f['ip.frag_offset'].push(String(h.fragOffset));
    f['ip.ttl'].push(String(h.ttl));
    l4(p.l4);
  };
  const ip6 = (p: Ip6Packet): void => {
    f['ipv6.src'].push(ip6ToString(ip6Src(p.hdr)));
    f['ipv6.dst'].push(ip6ToString(ip6Dst(p.hdr)));
    f['ipv6.nxt'].push(String(p.hdr.nextHeader));
    for (const e of p.ext) {
      if (e.kind === 'fragment') {
        f['ipv6.fraghdr.nxt'].push(String(e.nextHeader));
        f['ipv6.fraghdr.offset'].push(String(e.offset));
        f['ipv6.fraghdr.more'].push(e.more ? '1' : '0');
        f['ipv6.fraghdr.ident'].push(hex(e.id, 8));
      } else if (e.kind === 'options')
        f[e.type === 0 ? 'ipv6.hopopts.nxt' : 'ipv6.dstopts.nxt'].push(String(e.nextHeader));
    }
    if (p.inner) ip4(p.inner);
    l4(p.l4);
  };
  // Carriers first: tshark prints each protocol's fields in tree order, outermost first.
  for (const c of d.carriers) {
    if (c.kind === 'ip6') ip6(c);
    else ip4(c);
  }
  if (d.net?.kind === 'ip6') ip6(d.net);
  else if (d.net?.kind === 'ip4') ip4(d.net);
  return f;
}

/** Parses one line of `tshark -T fields -E occurrence=a -E aggregator=,` output (frame number first). */
export function parseTsharkLine(line: string): { frame: number; fields: Fields } {
  const cols = line.split('\t');
  const fields = Object.fromEntries(FIELDS.map((k, i) => [k, cols[i + 1] ? cols[i + 1]!.split(',') : []])) as Fields;
  return { frame: Number(cols[0]), fields };
}
