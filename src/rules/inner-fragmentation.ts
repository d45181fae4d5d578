import { ASSUMED_LINK_MTU } from '../config/defaults.js';
import type { InnerDatagram } from '../track/defrag-ipv4.js';
import type { Confidence } from '../model/report.js';
import type { Direction } from '../track/events.js';
import { type LearnedMtu, tellsLinkMtu } from '../track/link-mtu.js';
import { IPV6_LENGTH, IPV6_MIN_MTU } from '../codec/ipv6.js';
import { TEL_HEADER_LENGTH } from '../codec/ipv6-ext.js';
import type { Rule, RuleConfig, RuleMeta } from './types.js';
import { frameText, hex } from './words.js';
import type { OtherSide } from '../track/correlate.js';
import { fragmentBoundaries, type Ip4Datagram, sameBoundaries, type TunnelDatagram } from '../track/ip4-datagram.js';
import { createIcmpMemo, flowHash, fragmentSizes, pairEvidence, SIDE_TEXT } from './two-point.js';
import { carriageWords, planCarriage } from '../encap/encapsulate.js';
import { createFifoMap } from '../track/fifo-map.js';

/** Whole side datagrams remembered, and incomplete groups waiting for the end of the correlation. */
const HELD = 16384;

/** Tunnel MTUs seen in the field when none is configured (catalogue §2.2, ADV-002). */
export const COMMON_TUNNEL_MTUS: readonly number[] = [1460, 1452, 1444, 1400, 1280, 1240];

export interface TunnelFragmentation {
  /** Reassembled inner length. */
  readonly lr: number;
  /** Total Length of each fragment, in offset order. */
  readonly sizes: readonly number[];
  /** The tunnel MTU the first fragment fills. */
  readonly tunnelMtu: number;
  readonly configured: boolean;
  /** The link MTU of that direction, when configured. */
  readonly linkMtu: number | undefined;
  /** Else what the capture showed of the link's MTU, when that (not a common value) gave the tunnel MTU. */
  readonly learned: LearnedMtu | undefined;
  /** What the whole datagram would have been once encapsulated (+40, +8 with TEL). */
  readonly encapsulated: number;
  readonly frames: readonly number[];
}

/**
 * The catalogue's FRAG-002 heuristic (also FRAG-003 downstream): the datagram was not
 * oversized on the LAN (Lr ≤ LAN MTU), its first fragment fills the endpoint's tunnel MTU
 * within the 8-byte rounding of fragment data, and each fragment travelled in its own
 * unfragmented tunnel packet. Fragments of unrelated sizes (576-byte LAN routers) do not match.
 */
export function tunnelFragmentation(
  d: InnerDatagram,
  config: RuleConfig,
  telBytes: number,
  learned: readonly LearnedMtu[] = [],
): TunnelFragmentation | undefined {
  if ((d.status !== 'complete' && d.status !== 'overlap') || d.set.total === undefined) return undefined;
  if (d.pieces.some((p) => p.outerFragmented)) return undefined;
  const lr = d.ihl * 4 + d.set.total;
  if (lr > config.lanMtu) return undefined;
  const ordered = [...d.pieces].sort((a, b) => a.offset - b.offset);
  const first = ordered[0];
  if (!first || first.offset !== 0 || !first.more) return undefined;
  const f1 = first.totalLength;
  const linkMtu = config.mtu[d.dir];
  // With a configured link, its own tunnel MTU first, then the common smaller ones: a tunnel
  // interface set below the link (OpenWrt's 1280) fragments packets the link would carry.
  const filled = filledTunnelMtu(f1, linkMtu, learned);
  if (filled === undefined) return undefined;
  return {
    lr,
    sizes: ordered.map((p) => p.totalLength),
    tunnelMtu: filled.mtu,
    configured: linkMtu !== undefined,
    linkMtu,
    learned: filled.from,
    encapsulated: lr + 40 + telBytes,
    frames: d.set.frames,
  };
}

/** A group whose first piece(s) never entered the tunnel: what the trailing pieces tell of it. */
export interface TrailingFragments {
  /** Reassembled inner length, from the last piece's end. */
  readonly lr: number;
  /** Where the first piece present begins, in bytes of the datagram's data: the length of what is missing. */
  readonly missing: number;
  /** The first piece's Total Length, had it been cut at `missing` (one piece before). */
  readonly firstSize: number;
  readonly offsets: readonly number[];
  readonly frames: readonly number[];
}

/**
 * An inner fragment group that never completed because its leading piece(s) are missing, the
 * rest present up to the end: what a tunnel endpoint leaves when it cuts the inner datagram for
 * a tunnel MTU larger than the link carries and the link refuses the first piece (a Linux
 * ip6_tunnel whose MTU is above link MTU − 40). The trailing piece's offset gives the size of
 * what came before it.
 */
export function trailingFragments(d: InnerDatagram): TrailingFragments | undefined {
  if (d.status === 'complete' || d.status === 'overlap' || d.set.total === undefined) return undefined;
  if (d.pieces.some((p) => p.outerFragmented)) return undefined;
  const ordered = [...d.pieces].sort((a, b) => a.offset - b.offset);
  const first = ordered[0];
  if (!first || first.offset === 0) return undefined;
  // Present from the first piece seen to the end, without a gap: only the front is missing.
  let end = first.offset;
  for (const p of ordered) {
    if (p.offset > end) return undefined;
    end = Math.max(end, p.offset + p.totalLength - d.ihl * 4);
  }
  if (end !== d.set.total) return undefined;
  return {
    lr: d.ihl * 4 + d.set.total,
    missing: first.offset,
    firstSize: d.ihl * 4 + first.offset,
    offsets: ordered.map((p) => p.offset),
    frames: d.set.frames,
  };
}

/**
 * Tunnel MTUs a link MTU learned from the capture stands for: less the IPv6 header, with or
 * without the encapsulation-limit option, as [lowest, highest]. A first outer fragment is up to
 * 7 bytes short of its sender's MTU (fragment data comes in 8-byte units): its range is 8 wide.
 */
function learnedCandidates(l: LearnedMtu): [number, number][] {
  if (!tellsLinkMtu(l)) return [];
  const slack = l.how === 'outer-fragments' ? 7 : 0;
  return [IPV6_LENGTH, IPV6_LENGTH + TEL_HEADER_LENGTH].map((h): [number, number] => [
    l.value - h,
    l.value - h + slack,
  ]);
}

/**
 * The tunnel MTU a first fragment of `size` bytes fills, if any: with a configured link MTU its
 * own tunnel MTU, then the common smaller ones; without, the common ones, then what the capture
 * showed of the link (beside the common values, never instead of them), naming that evidence.
 */
function filledTunnelMtu(
  size: number,
  linkMtu: number | undefined,
  learned: readonly LearnedMtu[],
): { mtu: number; from: LearnedMtu | undefined } | undefined {
  const fills = (c: number): boolean => size <= c && c - size < 8;
  const listed =
    linkMtu !== undefined
      ? [linkMtu - 40, linkMtu - 48, ...COMMON_TUNNEL_MTUS.filter((m) => m < linkMtu - 48)]
      : COMMON_TUNNEL_MTUS;
  const common = listed.find(fills);
  if (common !== undefined) return { mtu: common, from: undefined };
  if (linkMtu !== undefined) return undefined;
  for (const l of learned) {
    // Within a range the fragment fills the tunnel MTU it can fill: the smallest it fits in.
    for (const [lo, hi] of learnedCandidates(l))
      if (size <= hi && lo - size < 8) return { mtu: Math.max(lo, size), from: l };
  }
  return undefined;
}

/** How a learned link MTU reads in a finding. */
const LEARNED_TEXT: Readonly<Record<LearnedMtu['how'], (l: LearnedMtu) => string>> = {
  'packet-too-big': (l) => `the ${l.value}-byte link MTU an ICMPv6 Packet Too Big announced (frame ${l.frame})`,
  'outer-fragments': (l) =>
    `a link whose outer fragments came at ${l.value} bytes (frame ${l.frame}: its MTU is ${l.value}–${l.value + 7})`,
  'largest-packet': (l) => `a link that carried ${l.value}-byte tunnel packets (learned from frame ${l.frame})`,
};
export const learnedText = (l: LearnedMtu): string => LEARNED_TEXT[l.how](l);

/** Message data shared by FRAG-002 and FRAG-003. */
export function describe(t: TunnelFragmentation, d: InnerDatagram): Record<string, string | number> {
  const why = t.learned
    ? `the first fragment fills the ${t.tunnelMtu}-byte tunnel MTU of ${learnedText(t.learned)}; give --mtu to state the link MTU`
    : t.linkMtu === undefined
      ? `the first fragment fills a ${t.tunnelMtu}-byte tunnel MTU (a ${t.tunnelMtu + 40}-byte link; give --mtu to state the link MTU)`
      : t.encapsulated > t.linkMtu
        ? `encapsulated whole it would be ${t.encapsulated} bytes, over the ${t.linkMtu}-byte link MTU`
        : `encapsulated whole it would be ${t.encapsulated} bytes, within the ${t.linkMtu}-byte link MTU: the tunnel MTU is set below what the link carries`;
  return { lr: t.lr, id: hex(d.id, 4), sizes: t.sizes.join(' + '), frames: frameText(t.frames), why };
}

/**
 * What the reference encapsulator (catalogue §6) does with the datagram the other capture
 * saw, at the direction's link MTU: the confirmed findings state the expected carriage.
 */
export function referenceText(o: Ip4Datagram, config: RuleConfig, dir: Direction, tel: boolean): string {
  const configured = config.mtu[dir];
  const linkMtu = configured ?? ASSUMED_LINK_MTU;
  const at = `the reference encapsulator at link MTU ${linkMtu}${configured === undefined ? ' (assumed: give --mtu)' : ''}`;
  const plan = (size: number): string =>
    carriageWords(planCarriage(size, o.df, { linkMtu, encapLimit: tel ? 4 : undefined, dfProfile: config.dfProfile }));
  // An endpoint that does not reassemble carries each fragment it receives on its own.
  if (o.fragments)
    return `${at} sends the ${o.fragments.length} fragments as ${[...o.fragments]
      .sort((a, b) => a.offset - b.offset)
      .map((f) => plan(f.totalLength))
      .join(', ')}`;
  return `${at} sends it as ${plan(o.totalLength)}`;
}

/**
 * FRAG-002 (B4, upstream, LAN side) and FRAG-003 (AFTR, downstream, Internet side) are one
 * check in two directions: each rule file gives its metadata, direction, the capture that
 * confirms it and the confidence the tunnel side alone allows. With that capture, each
 * inner fragment group is judged against its counterpart (catalogue FRAG-002 "confirmed
 * violation", FRAG-003 "violation"); a group without one falls back to the heuristic.
 */
/**
 * A group as a deferred judgement keeps it: its fields, pieces and frames, not the bytes it
 * carried (the heuristic reads sizes and offsets; HELD groups held to the end would otherwise
 * hold HELD datagrams' payloads).
 */
function withoutBytes(d: InnerDatagram): InnerDatagram {
  const { payload: _payload, ...rest } = d;
  return { ...rest, set: { ...d.set, pieces: [] } };
}

export function innerFragmentationRule(meta: RuleMeta, dir: Direction, side: OtherSide, confidence: Confidence): Rule {
  return {
    meta,
    create(context) {
      // Groups no tunnel MTU explains yet, while the link's is still being learned: judged again at the end.
      const deferred: { d: InnerDatagram; input: number }[] = [];
      const judgeDeferred = (): void => {
        for (const { d, input } of deferred.splice(0)) heuristic(d, input, true);
      };
      const heuristic = (d: InnerDatagram, input: number, last = false): void => {
        const t = tunnelFragmentation(
          d,
          context.config,
          d.softwire[d.dir].telPackets > 0 ? 8 : 0,
          learnedOf(input, d.dir),
        );
        if (t)
          context.report({ messageId: 'innerFragmented', data: describe(t, d), frames: t.frames, input, confidence });
        else if (
          !trailingHeuristic(d, input) &&
          !last &&
          context.config.mtu[d.dir] === undefined &&
          (d.pieces.length > 1 || trailingFragments(d))
        ) {
          if (deferred.length < HELD) deferred.push({ d: withoutBytes(d), input });
          else context.suppress(1);
        }
      };
      // The same heuristic for a group whose first piece never entered: its size follows from the next piece's offset.
      const trailingHeuristic = (d: InnerDatagram, input: number): boolean => {
        const t = trailingFragments(d);
        if (!t || t.lr > context.config.lanMtu) return false;
        const filled = filledTunnelMtu(t.firstSize, context.config.mtu[d.dir], learnedOf(input, d.dir));
        if (filled === undefined) return false;
        const tunnelMtu = filled.mtu;
        context.report({
          messageId: 'firstPieceMissing',
          data: {
            lr: t.lr,
            id: hex(d.id, 4),
            offsets: t.offsets.join(', '),
            frames: frameText(t.frames),
            missing: t.missing,
            firstSize: t.firstSize,
            tunnelMtu,
          },
          frames: t.frames,
          input,
          confidence,
        });
        return true;
      };
      // What each tunnel input showed of its link MTUs, known at its end (the deferred groups wait for it).
      const learned = new Map<number, Readonly<Record<Direction, readonly LearnedMtu[]>>>();
      const learnedOf = (input: number, dir: Direction): readonly LearnedMtu[] => learned.get(input)?.[dir] ?? [];
      if (!context.config.sides.includes(side))
        return {
          'inner-datagram'(e) {
            if (e.datagram.dir === dir) heuristic(e.datagram, e.input);
          },
          'input-end'(e) {
            learned.set(e.input, e.linkMtu);
            judgeDeferred();
          },
        };
      // Groups that never completed are never paired: each is weighed against the whole datagrams
      // the other capture saw, by (source, protocol, Identification) — what translation keeps.
      const window = context.config.matchWindow;
      const whole = createFifoMap<number, Ip4Datagram[]>();
      const incomplete: { d: InnerDatagram; input: number }[] = [];
      // A number, not a string: every side datagram passes here. A collision only adds a candidate that the length check then weighs.
      const keyOf = (src: number, protocol: number, id: number): number => flowHash(id, protocol, src, 0, 0, 0);
      // The Fragmentation Needed an endpoint may also have sent for the datagram: the finding names it (FRAG-006 judges it).
      const answers = createIcmpMemo();
      const also = (o: Ip4Datagram): string => {
        const a = answers.find(o);
        return a
          ? `; it also answered the source with ICMPv4 Fragmentation Needed (frame ${frameText(a.frames)} on ${SIDE_TEXT[side]}; FRAG-006 judges that)`
          : '';
      };
      return {
        'input-end'(e) {
          learned.set(e.input, e.linkMtu);
        },
        'side-datagram'(e) {
          const o = e.datagram;
          if (e.side === side && o.icmp?.type === 3 && o.icmp.code === 4) answers.note(o);
        },
        // Only a datagram the tunnel capture never showed can be the one whose first piece was lost:
        // one that paired was delivered. (Kept from its verdict on, not from its arrival: a paired
        // datagram is not held for the rest of the run.)
        unpaired(e) {
          if (e.side === side && e.origin === 'tunnel' && e.dir === dir) {
            const inner = (e.datagram as TunnelDatagram).inner;
            if (inner) heuristic(inner, e.datagram.input);
            return;
          }
          const o = e.datagram;
          // Only datagrams too big for the smallest tunnel (the IPv6 minimum MTU less 48) are ever cut for it.
          if (
            e.side !== side ||
            e.origin !== 'other' ||
            o.fragments ||
            o.totalLength <= IPV6_MIN_MTU - IPV6_LENGTH - TEL_HEADER_LENGTH
          )
            return;
          const k = keyOf(o.src, o.protocol, o.id);
          const list = whole.get(k);
          if (list) list.push(o);
          else {
            whole.set(k, [o]);
            if (whole.size > HELD) whole.delete(whole.oldest()![0]);
          }
        },
        'inner-datagram'(e) {
          const d = e.datagram;
          if (d.dir !== dir || d.status === 'complete' || d.status === 'overlap' || !trailingFragments(d)) return;
          if (incomplete.length < HELD) incomplete.push({ d, input: e.input });
          else context.suppress(1);
        },
        'correlation-end'(e) {
          if (e.side !== side) return;
          for (const { d, input } of incomplete.splice(0)) {
            const t = trailingFragments(d)!;
            const near = (whole.get(keyOf(d.src, d.protocol, d.id)) ?? []).filter(
              (o) =>
                o.src === d.src &&
                o.protocol === d.protocol &&
                o.id === d.id &&
                Math.abs(o.time - d.set.firstTime) <= window &&
                o.totalLength === t.lr,
            );
            const o = near[0];
            if (!o) {
              trailingHeuristic(d, input);
              continue;
            }
            context.report({
              messageId: 'firstPieceLost',
              data: {
                lr: t.lr,
                id: hex(d.id, 4),
                offsets: t.offsets.join(', '),
                frames: frameText(t.frames),
                missing: t.missing,
                side: SIDE_TEXT[side],
                otherFrames: frameText(o.frames),
                reference: referenceText(o, context.config, dir, d.softwire[dir].telPackets > 0),
                also: also(o),
              },
              frames: t.frames,
              input,
              confidence: near.length > 1 ? 'likely' : 'confirmed',
              related: [{ input: o.input, frames: o.frames }],
              softwire: d.softwire,
            });
          }
          judgeDeferred();
        },
        pair(e) {
          const t = e.tunnel;
          const o = e.other;
          if (e.side !== side || e.dir !== dir || !t.inner || !t.fragments) return;
          const mine = [...t.fragments].sort((a, b) => a.offset - b.offset);
          const theirs = o.fragments ? [...o.fragments].sort((a, b) => a.offset - b.offset) : undefined;
          // Same cuts as on the other side: the fragments came that way (the endpoint may forward fragments).
          if (theirs && sameBoundaries(fragmentBoundaries(theirs), fragmentBoundaries(mine), 1)) return;
          // Cut again, but not smaller: not the tunnel's doing.
          if (theirs && mine[0]!.totalLength >= theirs[0]!.totalLength) return;
          context.report({
            messageId: theirs ? 'refragmented' : 'fragmentedWhole',
            data: {
              lr: t.totalLength,
              id: hex(t.id, 4),
              sizes: fragmentSizes(t),
              frames: frameText(t.frames),
              side: SIDE_TEXT[side],
              otherSizes: fragmentSizes(o),
              otherFrames: frameText(o.frames),
              reference: referenceText(o, context.config, dir, t.softwire[dir].telPackets > 0),
              also: theirs ? '' : also(o),
            },
            ...pairEvidence(e),
          });
        },
      };
    },
  };
}
