import { ICMP6_PACKET_TOO_BIG } from '../codec/icmp.js';
import { ip4ToString } from '../codec/addr.js';
import { TEL_HEADER_LENGTH } from '../codec/ipv6-ext.js';
import { IPV6_LENGTH, ip6Dst, ip6Src, NH_IPV4 } from '../codec/ipv6.js';
import { PROTOCOL_NAMES } from '../codec/ipv4.js';
import type { OtherSide } from '../track/correlate.js';
import type { Direction, Icmpv6ErrorEvent } from '../track/events.js';
import type { Ip4Datagram } from '../track/ip4-datagram.js';
import { createFifoMap } from '../track/fifo-map.js';
import { createAftrAddresses } from './aftr-addresses.js';
import { absenceConfidence, SIDE_TEXT } from './two-point.js';
import type { Rule } from './types.js';
import { frameText, hex } from './words.js';

/** The ICMPv4 error the entry point relays (RFC 2473 §8.3, IPv4 original packets): type 3 with this code. */
interface Relay {
  readonly code: number;
  readonly name: string;
}

/** ICMPv6 type → what the tunnel entry point relays to the IPv4 source; types not listed are not relayed. */
const RELAYED: Readonly<Record<number, Relay>> = {
  1: { code: 1, name: 'Destination Unreachable' },
  2: { code: 4, name: 'Packet Too Big' },
  3: { code: 1, name: 'Time Exceeded' },
  4: { code: 1, name: 'Parameter Problem' },
};

/** The side whose hosts sent the datagrams a tunnel direction carries: the relay goes back there. */
const SOURCE_SIDE: Readonly<Record<Direction, OtherSide>> = { down: 'internet', up: 'lan' };
const ENTRY: Readonly<Record<Direction, string>> = { down: 'AFTR', up: 'B4' };

interface Pending {
  readonly frame: number;
  readonly input: number;
  readonly time: number;
  readonly dir: Direction;
  readonly error: string;
  readonly code: number;
  /** The Next-Hop MTU the relay must carry (Packet Too Big), else 0. */
  readonly mtu: number;
  readonly ptbMtu: number;
  readonly header: number;
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
}

const MEMO = 4096;
const key = (src: number, protocol: number, id: number): string => `${src}/${protocol}#${id}`;

/**
 * ICMP-002: an ICMPv6 error about a tunnel packet, sent to the entry point that made it, is
 * relayed to the IPv4 source (RFC 2473 §8, §8.3): Unreachable, Time Exceeded and a Parameter
 * Problem at the encapsulation limit become 3/1; a Packet Too Big on a DF=1 datagram becomes
 * 3/4 with the PTB MTU less the tunnel header. Judged on the side the source is on: the
 * Internet side for the AFTR, the LAN side for the B4; without it the capture cannot decide.
 */
export const rule: Rule = {
  meta: {
    id: 'ICMP-002',
    title: 'Tunnel ICMPv6 errors relayed to the IPv4 source with the right type/code/MTU',
    docs: 'with `--internet` (AFTR) or `--lan` (B4): an ICMPv6 error about a tunnel packet, sent to the endpoint that made it, is relayed to the IPv4 source as 3/1 (Unreachable, Time Exceeded, a Parameter Problem at the encapsulation limit) or 3/4 with the Packet Too Big MTU less the tunnel header (DF=1 only); no relay is `likely` at most',
    rfc: [
      { document: '2473', section: '§8' },
      { document: '2473', section: '§8.3' },
    ],
    level: 'MUST',
    kind: 'decidable/heuristic',
    needs: ['tunnel', 'internet', 'lan'],
    defaultSeverity: 'error',
    messages: {
      notRelayed:
        'the {entry} got an ICMPv6 {error} about its tunnel packet carrying {what} (frame {frame}) and relayed nothing to {source} on {side} within {window} s: RFC 2473 §8.3 relays it as ICMPv4 3/{code}{rate}',
      wrongCode:
        'the {entry} relayed an ICMPv6 {error} about {what} (frame {frame}) as ICMPv4 {got} (frame {relayFrames}), not 3/{code}: RFC 2473 §8.3 maps it to {meaning}',
      wrongMtu:
        'the {entry} relayed an ICMPv6 Packet Too Big (MTU {ptbMtu}, frame {frame}) about {what} as Fragmentation Needed with Next-Hop MTU {got} (frame {relayFrames}), not {mtu}: RFC 2473 §8.3 subtracts the {header}-byte tunnel header',
    },
  },
  create(context) {
    const { sides, matchWindow } = context.config;
    if (!sides.length) return {};
    const aftrs = createAftrAddresses();
    const pending: Pending[] = [];
    const relays = createFifoMap<string, Ip4Datagram[]>();
    const span = new Map<OtherSide, { first: number; last: number }>();

    const expected = (e: Icmpv6ErrorEvent): Relay | undefined => {
      const r = RELAYED[e.icmp.type];
      if (!r) return undefined;
      if (e.icmp.type === 3 && e.icmp.code !== 0) return undefined; // reassembly time exceeded: not about the path
      if (e.icmp.type === 4) {
        // Only a Parameter Problem pointing into the encapsulation-limit header is relayed.
        const pointer = e.icmp.rest >>> 0;
        if (e.icmp.code !== 0 || !e.quoted.tel || pointer < IPV6_LENGTH || pointer >= IPV6_LENGTH + TEL_HEADER_LENGTH)
          return undefined;
      }
      return r;
    };

    return {
      'softwire-packet': (e) => aftrs.see(e),
      'icmpv6-error'(e) {
        const q = e.quoted;
        const inner = q.inner?.hdr;
        if (!inner || q.upper !== NH_IPV4 || (q.frag && q.frag.offset !== 0)) return;
        const from = ip6Src(q.hdr);
        // Addressed to the entry point that sent the quoted packet; the entry point says the direction.
        if (ip6Dst(e.outer.hdr) !== from) return;
        const dir: Direction | undefined = aftrs.has(from) ? 'down' : aftrs.has(ip6Dst(q.hdr)) ? 'up' : undefined;
        if (!dir || !sides.includes(SOURCE_SIDE[dir])) return;
        const r = expected(e);
        if (!r) return;
        const ptb = e.icmp.type === ICMP6_PACKET_TOO_BIG;
        if (ptb && !inner.df) return; // DF=0: the entry point fragments instead (RFC 2473 §7.2)
        const header = q.upperOffset - q.offset;
        const ptbMtu = ptb ? e.icmp.rest >>> 0 : 0;
        if (pending.length >= MEMO) return context.suppress(1);
        pending.push({
          frame: e.meta.frame,
          input: e.meta.input,
          time: e.meta.time,
          dir,
          error: r.name,
          code: r.code,
          mtu: ptb ? ptbMtu - header : 0,
          ptbMtu,
          header,
          src: inner.src,
          dst: inner.dst,
          protocol: inner.protocol,
          id: inner.id,
        });
      },
      'side-datagram'(e) {
        const d = e.datagram;
        const s = span.get(e.side);
        if (s) s.last = d.time;
        else span.set(e.side, { first: d.time, last: d.time });
        if (!d.icmp || d.icmp.type !== 3 || d.dst !== d.icmp.quoted.src) return;
        const k = `${e.side}|${key(d.icmp.quoted.src, d.icmp.quoted.protocol, d.icmp.quoted.id)}`;
        const list = relays.get(k);
        if (list) list.push(d);
        else {
          relays.set(k, [d]);
          if (relays.size > MEMO) relays.delete(relays.oldest()![0]);
        }
      },
      'correlation-end'(e) {
        const s = span.get(e.side);
        for (const p of pending) {
          if (SOURCE_SIDE[p.dir] !== e.side) continue;
          const found = (relays.get(`${e.side}|${key(p.src, p.protocol, p.id)}`) ?? []).find(
            (d) => d.time >= p.time - matchWindow && d.time <= p.time + matchWindow,
          );
          const proto = PROTOCOL_NAMES[p.protocol]?.toUpperCase() ?? `protocol ${p.protocol}`;
          const what = `${proto} ${ip4ToString(p.src)} → ${ip4ToString(p.dst)} ID ${hex(p.id, 4)}`;
          const base = {
            entry: ENTRY[p.dir],
            error: p.error,
            what,
            frame: p.frame,
            code: p.code,
            side: SIDE_TEXT[e.side],
          };
          if (!found) {
            if (!s || p.time < s.first || p.time > s.last) continue; // the side capture was not running then
            const confidence = absenceConfidence(e.drops, 'likely');
            context.report({
              messageId: 'notRelayed',
              data: {
                ...base,
                source: ip4ToString(p.src),
                window: matchWindow,
                rate:
                  confidence === 'likely'
                    ? ' (unless rate-limited, RFC 4443 §2.4(f))'
                    : ' (a capture may have lost it)',
              },
              frames: [p.frame],
              input: p.input,
              confidence,
            });
            continue;
          }
          const icmp = found.icmp!;
          const related = [{ input: found.input, frames: found.frames }];
          const where = { frames: [p.frame], input: p.input, confidence: 'confirmed' as const, related };
          if (icmp.code !== p.code)
            context.report({
              ...where,
              messageId: 'wrongCode',
              data: {
                ...base,
                got: `${icmp.type}/${icmp.code}`,
                relayFrames: frameText(found.frames),
                meaning: p.code === 4 ? 'Fragmentation Needed' : 'Host Unreachable',
              },
            });
          else if (p.code === 4 && icmp.mtu !== p.mtu)
            context.report({
              ...where,
              messageId: 'wrongMtu',
              data: {
                ...base,
                ptbMtu: p.ptbMtu,
                got: icmp.mtu,
                mtu: p.mtu,
                header: p.header,
                relayFrames: frameText(found.frames),
              },
            });
        }
      },
    };
  },
};
