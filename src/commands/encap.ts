import type { Argv, CommandModule } from 'yargs';
import { readCapture } from '../capture/open.js';
import { createCaptureWriter } from '../capture/write.js';
import { isPrivateIp4, parseIp4, parseIp4Prefix, parseIp6, parseMac } from '../codec/addr.js';
import { encodeEthernet, ETHERNET_LENGTH } from '../codec/ethernet.js';
import { dissect } from '../dissect/dissect.js';
import { DEFAULT_ENCAP, encapsulateView, type EncapOptions } from '../encap/encapsulate.js';
import { ConfigError } from '../check.js';

export interface EncapArgs {
  input: string;
  output: string;
  b4: string;
  aftr: string;
  mtu: number;
  direction: 'up' | 'down';
  tel?: number;
  'hop-limit': number;
  'df-profile': 'rfc6333' | 'rfc2473';
  'frag-id': number;
  linktype: 'ethernet' | 'raw';
  'icmp-out'?: string;
  'src-mac': string;
  'dst-mac': string;
  'keep-ttl': boolean;
  'icmp-source'?: string;
  'icmp-ttl': number;
  pool: string[];
  all: boolean;
}

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
  if (macs.some((m) => m === undefined)) throw new ConfigError('--src-mac/--dst-mac: give MAC addresses like 02:00:00:00:01:02');
  const icmpSource = a['icmp-source'] !== undefined ? parseIp4(a['icmp-source']) : a.direction === 'up' ? 0xc0000002 | 0 : 0xc0000001 | 0;
  if (icmpSource === undefined) throw new ConfigError(`--icmp-source ${a['icmp-source']}: not an IPv4 address`);
  if (!Number.isInteger(a.mtu) || a.mtu < 1280 || a.mtu > 65535) throw new ConfigError(`--mtu ${a.mtu}: an IPv6 link MTU is an integer from 1280 to 65535 (RFC 8200 §5)`);
  for (const k of ['hop-limit', 'icmp-ttl'] as const) if (!Number.isInteger(a[k]) || a[k] < 0 || a[k] > 255) throw new ConfigError(`--${k} ${a[k]}: from 0 to 255`);
  if (a.tel !== undefined && (!Number.isInteger(a.tel) || a.tel < 0 || a.tel > 255)) throw new ConfigError(`--tel ${a.tel}: a limit from 0 to 255`);
  const o: EncapOptions = {
    ...DEFAULT_ENCAP,
    src: a.direction === 'up' ? b4 : aftr,
    dst: a.direction === 'up' ? aftr : b4,
    linkMtu: a.mtu,
    hopLimit: a['hop-limit'],
    encapLimit: a.tel,
    dfProfile: a['df-profile'],
    decrementTtl: !a['keep-ttl'],
    icmpSource,
    icmpTtl: a['icmp-ttl'],
  };
  let fragId = a['frag-id'] >>> 0;
  const nextFragId = (): number => fragId++;
  const ethernet = a.linktype === 'ethernet';
  const out = createCaptureWriter(a.output, formatOf(a.output), LINKTYPE[a.linktype]);
  const icmpOut = a['icmp-out'] !== undefined ? createCaptureWriter(a['icmp-out'], formatOf(a['icmp-out']), LINKTYPE[a.linktype]) : undefined;
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
    a.all || (a.direction === 'up' ? isPrivateIp4(src) && !isPrivateIp4(dst) : !pools.length || pools.some((x) => (dst & x.mask) === x.network));
  const s = { read: 0, ipv4: 0, skipped: 0, otherWay: 0, truncated: 0, invalid: 0, whole: 0, fragmented: 0, fragments: 0, icmp: 0 };
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
  } finally {
    out.close();
    icmpOut?.close();
  }
  return s;
}

export const summaryLine = (s: EncapSummary, a: EncapArgs): string =>
  `encap: ${s.read} frames read, ${s.ipv4} IPv4 (${s.skipped} other frames skipped, ${s.otherWay} going the other way, ${s.truncated} cut by the snap length, ${s.invalid} invalid); ` +
  `wrote ${s.whole} whole tunnel packets and ${s.fragmented} outer fragment sets (${s.fragments} fragments) to ${a.output}` +
  `${s.icmp ? `; ${s.icmp} ICMPv4 errors instead${a['icmp-out'] ? ` to ${a['icmp-out']}` : ' (give --icmp-out to keep them)'}` : ''}\n`;

export const encapCommand: CommandModule<object, EncapArgs> = {
  command: 'encap <input>',
  describe: 'Write what a conformant B4 or AFTR puts on the link for the IPv4 packets of a capture (reference encapsulator)',
  builder: (y: Argv) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'capture with IPv4 packets (any link type the reader knows)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, requiresArg: true, describe: 'output capture (.pcap or .pcapng)' })
      .option('b4', { type: 'string', demandOption: true, requiresArg: true, describe: "the B4's IPv6 address" })
      .option('aftr', { type: 'string', demandOption: true, requiresArg: true, describe: "the AFTR's IPv6 address" })
      .option('mtu', { type: 'number', default: 1500, describe: 'IPv6 link MTU' })
      .option('direction', { choices: ['up', 'down'] as const, default: 'up' as const, describe: 'up: the B4 encapsulates toward the AFTR; down: the AFTR toward the B4' })
      .option('tel', { type: 'number', requiresArg: true, describe: 'add the RFC 2473 Tunnel Encapsulation Limit option with this limit' })
      .option('hop-limit', { type: 'number', default: 64, describe: 'outer hop limit' })
      .option('df-profile', { choices: ['rfc6333', 'rfc2473'] as const, default: 'rfc6333' as const, describe: 'oversized DF=1 packets: fragment the outer packet (rfc6333) or answer ICMPv4 3/4 (rfc2473)' })
      .option('frag-id', { type: 'number', default: 1, describe: 'first outer fragment Identification' })
      .option('linktype', { choices: ['ethernet', 'raw'] as const, default: 'ethernet' as const, describe: 'output framing' })
      .option('src-mac', { type: 'string', default: '02:00:00:00:01:02', describe: 'Ethernet source of tunnel packets' })
      .option('dst-mac', { type: 'string', default: '02:00:00:00:ff:01', describe: 'Ethernet destination of tunnel packets' })
      .option('icmp-out', { type: 'string', requiresArg: true, describe: 'capture for the ICMPv4 errors sent instead of tunnel packets' })
      .option('icmp-source', { type: 'string', requiresArg: true, describe: 'IPv4 source of those errors (default 192.0.0.2 up, 192.0.0.1 down: RFC 6333 §5.7)' })
      .option('icmp-ttl', { type: 'number', default: 64, describe: 'TTL of those errors' })
      .option('pool', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'down: encapsulate only packets to this IPv4 prefix (the NAT pool; repeatable)' })
      .option('all', { type: 'boolean', default: false, describe: 'encapsulate every IPv4 packet (default up: only private source to non-private destination; down: only to --pool)' })
      .option('keep-ttl', { type: 'boolean', default: false, describe: 'do not decrement the inner TTL (a host-based B4)' }) as unknown as Argv<EncapArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes.
  },
};
