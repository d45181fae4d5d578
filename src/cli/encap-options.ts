import type { Argv, CommandModule } from 'yargs';
import { numberOption, refuseLoneModifiers } from './options.js';

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
  ecn: 'normal' | 'compat';
  'icmp-source'?: string;
  'icmp-ttl'?: number;
  pool: string[];
  all: boolean;
}

export const encapCommand: CommandModule<object, EncapArgs> = {
  command: 'encap <input>',
  describe:
    'Write what a conformant B4 or AFTR puts on the link for the IPv4 packets of a capture (reference encapsulator)',
  builder: (y: Argv) =>
    y
      .positional('input', {
        type: 'string',
        demandOption: true,
        describe: 'capture with IPv4 packets (any link type the reader knows)',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        demandOption: true,
        requiresArg: true,
        describe: 'output capture (.pcap or .pcapng)',
      })
      .option('b4', { type: 'string', demandOption: true, requiresArg: true, describe: "the B4's IPv6 address" })
      .option('aftr', { type: 'string', demandOption: true, requiresArg: true, describe: "the AFTR's IPv6 address" })
      .option('mtu', numberOption('mtu', { default: 1500, describe: 'IPv6 link MTU' }))
      .option('direction', {
        choices: ['up', 'down'] as const,
        default: 'up' as const,
        describe: 'up: the B4 encapsulates toward the AFTR; down: the AFTR toward the B4',
      })
      .option(
        'tel',
        numberOption('tel', { describe: 'add the RFC 2473 Tunnel Encapsulation Limit option with this limit' }),
      )
      .option('hop-limit', numberOption('hop-limit', { default: 64, describe: 'outer hop limit' }))
      .option('df-profile', {
        choices: ['rfc6333', 'rfc2473'] as const,
        default: 'rfc6333' as const,
        describe: 'oversized DF=1 packets: fragment the outer packet (rfc6333) or answer ICMPv4 3/4 (rfc2473)',
      })
      .option('frag-id', numberOption('frag-id', { default: 1, describe: 'first outer fragment Identification' }))
      .option('linktype', {
        choices: ['ethernet', 'raw'] as const,
        default: 'ethernet' as const,
        describe: 'output framing',
      })
      .option('src-mac', {
        type: 'string',
        default: '02:00:00:00:01:02',
        describe: 'Ethernet source of tunnel packets',
      })
      .option('dst-mac', {
        type: 'string',
        default: '02:00:00:00:ff:01',
        describe: 'Ethernet destination of tunnel packets',
      })
      .option('icmp-out', {
        type: 'string',
        requiresArg: true,
        describe: 'capture for the ICMPv4 errors sent instead of tunnel packets',
      })
      .option('icmp-source', {
        type: 'string',
        requiresArg: true,
        describe: 'with --icmp-out: IPv4 source of those errors (default 192.0.0.2 up, 192.0.0.1 down: RFC 6333 §5.7)',
      })
      .option('icmp-ttl', numberOption('icmp-ttl', { describe: 'with --icmp-out: TTL of those errors [default: 64]' }))
      .option('pool', {
        type: 'string',
        array: true,
        nargs: 1,
        default: [] as string[],
        describe: 'down: encapsulate only packets to this IPv4 prefix (the NAT pool; repeatable)',
      })
      .option('all', {
        type: 'boolean',
        default: false,
        describe:
          'encapsulate every IPv4 packet (default up: only private source to non-private destination; down: only to --pool)',
      })
      .option('ecn', {
        choices: ['normal', 'compat'] as const,
        default: 'normal' as const,
        describe:
          'outer ECN (RFC 6040 §4.1): a copy of the inner (normal) or Not-ECT (compat); the DSCP is always copied (RFC 6333 §7.1)',
      })
      .option('keep-ttl', {
        type: 'boolean',
        default: false,
        describe: 'do not decrement the inner TTL (a host-based B4)',
      })
      .check((argv) => {
        refuseLoneModifiers(argv as Record<string, unknown>, { 'icmp-source': ['icmp-out'], 'icmp-ttl': ['icmp-out'] });
        return true;
      }) as unknown as Argv<EncapArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes and loads the command's code only when it runs.
  },
};
