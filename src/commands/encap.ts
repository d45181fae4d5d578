import type { EncapArgs } from '../cli/encap-options.js';
import { readCapture } from '../capture/open.js';
import { createCaptureWriter } from '../capture/write.js';
import { isPrivateIp4, parseIp4, parseIp4Prefix, parseIp6, parseMac } from '../codec/addr.js';
import { encodeEthernet, ETHERNET_LENGTH } from '../codec/ethernet.js';
import { dissect } from '../dissect/dissect.js';
import { DEFAULT_ENCAP, encapsulateView, type EncapOptions } from '../encap/encapsulate.js';
import { ConfigError } from '../config/error.js';
import { refuseOutputsOverInputs } from './outputs.js';
import { agree } from '../model/words.js';

/** What one run did, counted: the line the command prints. */
export interface EncapSummary {
  readonly read: number;
  readonly ipv4: number;
  readonly skipped: number;
  /** IPv4 packets going the other way (see `--all`). */
  readonly otherWay: number;
  readonly truncated: number;
  readonly invalid: number;
  readonly whole: number;
  readonly fragmented: number;
  readonly fragments: number;
  readonly icmp: number;
}

const LINKTYPE = { ethernet: 1, raw: 101 } as const;
const formatOf = (path: string): 'pcap' | 'pcapng' => (path.toLowerCase().endsWith('.pcapng') ? 'pcapng' : 'pcap');

/**
 * `dslite-check encap`: what a conformant B4 (`--direction up`) or AFTR (`down`) puts on
 * the link for each IPv4 packet of the input (catalogue §6), timestamps kept. ICMPv4 errors
 * the endpoint would send instead go to `--icmp-out` (raw IPv4 or Ethernet, as `--linktype`).
 */
export async function runEncap(a: EncapArgs): Promise<EncapSummary> {
  const b4 = parseIp6(a.b4);
  const aftr = parseIp6(a.aftr);
  if (!b4) throw new ConfigError(`--b4 ${a.b4}: not an IPv6 address`);
  if (!aftr) throw new ConfigError(`--aftr ${a.aftr}: not an IPv6 address`);
  const macs = [parseMac(a['src-mac']), parseMac(a['dst-mac'])];
  if (macs.some((m) => m === undefined))
    throw new ConfigError('--src-mac/--dst-mac: give MAC addresses like 02:00:00:00:01:02');
  const icmpSource =
    a['icmp-source'] !== undefined
      ? parseIp4(a['icmp-source'])
      : a.direction === 'up'
        ? 0xc0000002 | 0
        : 0xc0000001 | 0;
  if (icmpSource === undefined) throw new ConfigError(`--icmp-source ${a['icmp-source']}: not an IPv4 address`);
  if (!Number.isInteger(a.mtu) || a.mtu < 1280 || a.mtu > 65535)
    throw new ConfigError(`--mtu ${a.mtu}: an IPv6 link MTU is an integer from 1280 to 65535 (RFC 8200 §5)`);
  const icmpTtl = a['icmp-ttl'] ?? DEFAULT_ENCAP.icmpTtl;
  for (const [k, v] of [
    ['hop-limit', a['hop-limit']],
    ['icmp-ttl', icmpTtl],
  ] as const)
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new ConfigError(`--${k} ${v}: from 0 to 255`);
  if (!Number.isInteger(a['frag-id']) || a['frag-id'] < 0 || a['frag-id'] > 0xffffffff)
    throw new ConfigError(`--frag-id ${a['frag-id']}: an Identification from 0 to 4294967295`);
  refuseOutputsOverInputs(
    [
      { option: '--output', path: a.output },
      { option: '--icmp-out', path: a['icmp-out'] },
    ],
    [a.input],
  );
  if (a.tel !== undefined && (!Number.isInteger(a.tel) || a.tel < 0 || a.tel > 255))
    throw new ConfigError(`--tel ${a.tel}: a limit from 0 to 255`);
  const o: EncapOptions = {
    ...DEFAULT_ENCAP,
    src: a.direction === 'up' ? b4 : aftr,
    dst: a.direction === 'up' ? aftr : b4,
    linkMtu: a.mtu,
    hopLimit: a['hop-limit'],
    encapLimit: a.tel,
    dfProfile: a['df-profile'],
    decrementTtl: !a['keep-ttl'],
    ecn: a.ecn,
    icmpSource,
    icmpTtl,
  };
  let fragId = a['frag-id'] >>> 0;
  const nextFragId = (): number => fragId++;
  const ethernet = a.linktype === 'ethernet';
  const out = createCaptureWriter(a.output, formatOf(a.output), LINKTYPE[a.linktype]);
  const icmpOut =
    a['icmp-out'] !== undefined
      ? createCaptureWriter(a['icmp-out'], formatOf(a['icmp-out']), LINKTYPE[a.linktype])
      : undefined;
  // Link headers built once and written before each packet (no copy of the packet per frame).
  const link = (etherType: number, reverse: boolean): Buffer | undefined => {
    if (!ethernet) return undefined;
    const f = Buffer.alloc(ETHERNET_LENGTH);
    encodeEthernet({ src: reverse ? macs[1]! : macs[0]!, dst: reverse ? macs[0]! : macs[1]!, etherType }, f, 0);
    return f;
  };
  const tunnelLink = link(0x86dd, false);
  const icmpLink = link(0x0800, true);
  const pools = a.pool.map((p) => {
    const x = parseIp4Prefix(p);
    if (!x) throw new ConfigError(`--pool ${p}: not an IPv4 prefix like 203.0.113.0/24`);
    return x;
  });
  // Which IPv4 packets the endpoint would encapsulate: a capture of its IPv4 side holds both
  // ways. Up: from a LAN host (private source) to a non-private destination. Down: to the
  // NAT pool when one is given.
  const goesIn = (src: number, dst: number): boolean =>
    a.all ||
    (a.direction === 'up'
      ? isPrivateIp4(src) && !isPrivateIp4(dst)
      : !pools.length || pools.some((x) => (dst & x.mask) === x.network));
  const s = {
    read: 0,
    ipv4: 0,
    skipped: 0,
    otherWay: 0,
    truncated: 0,
    invalid: 0,
    whole: 0,
    fragmented: 0,
    fragments: 0,
    icmp: 0,
  };
  try {
    await readCapture(a.input, {
      onRecord(rec) {
        s.read++;
        const p = dissect(rec).net;
        if (p?.kind !== 'ip4') {
          s.skipped++;
          return;
        }
        s.ipv4++;
        if (!goesIn(p.hdr.src, p.hdr.dst)) {
          s.otherWay++;
          return;
        }
        const end = p.offset + p.hdr.totalLength;
        if (end > rec.offset + rec.capLen) {
          s.truncated++;
          return;
        }
        const r = encapsulateView(rec.data.subarray(p.offset, end), o, nextFragId);
        if (r.kind === 'invalid') s.invalid++;
        else if (r.kind === 'icmp') {
          s.icmp++;
          icmpOut?.write(rec.tsSec, rec.tsNsec, r.packet, icmpLink);
        } else {
          if (r.packets.length > 1) {
            s.fragmented++;
            s.fragments += r.packets.length;
          } else s.whole++;
          for (const pkt of r.packets) out.write(rec.tsSec, rec.tsNsec, pkt, tunnelLink);
        }
      },
      onInterface() {},
      onNotice() {},
    });
  } catch (e) {
    out.abort();
    icmpOut?.abort();
    throw e;
  }
  // Nothing to encapsulate is a wrong input, not an empty result: no file is left behind.
  if (s.whole + s.fragmented + s.icmp === 0) {
    out.abort();
    icmpOut?.abort();
    const why =
      s.ipv4 === 0
        ? `no IPv4 packet in ${s.read} frames`
        : s.otherWay === s.ipv4
          ? `all ${s.ipv4} IPv4 packets go the other way (see --all, --pool, --direction)`
          : `none of ${s.ipv4} IPv4 packets could be encapsulated (${s.otherWay} going the other way, ${s.truncated} cut by the snap length, ${s.invalid} invalid)`;
    throw new ConfigError(agree(`encap: ${a.input}: ${why}; nothing written`));
  }
  out.close();
  icmpOut?.close();
  return s;
}

export const summaryLine = (s: EncapSummary, a: EncapArgs): string =>
  agree(
    `encap: ${s.read} frames read, ${s.ipv4} IPv4 (${s.skipped} other frames skipped, ${s.otherWay} going the other way, ${s.truncated} cut by the snap length, ${s.invalid} invalid); ` +
      `wrote ${s.whole} whole tunnel packets and ${s.fragmented} outer fragment sets (${s.fragments} fragments) to ${a.output}` +
      `${s.icmp ? `; ${s.icmp} ICMPv4 errors instead${a['icmp-out'] ? ` to ${a['icmp-out']}` : ' (give --icmp-out to keep them)'}` : ''}\n`,
  );
