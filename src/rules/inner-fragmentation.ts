import type { InnerDatagram } from '../track/defrag-ipv4.js';
import type { Confidence } from '../report/model.js';
import type { Direction } from '../track/events.js';
import type { Rule, RuleConfig, RuleMeta } from './types.js';
import { frameText, hex } from './words.js';

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
export function tunnelFragmentation(d: InnerDatagram, config: RuleConfig, telBytes: number): TunnelFragmentation | undefined {
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
  const candidates = linkMtu !== undefined ? [linkMtu - 40, linkMtu - 48, ...COMMON_TUNNEL_MTUS.filter((m) => m < linkMtu - 48)] : COMMON_TUNNEL_MTUS;
  const tunnelMtu = candidates.find((c) => f1 <= c && c - f1 < 8);
  if (tunnelMtu === undefined) return undefined;
  return {
    lr,
    sizes: ordered.map((p) => p.totalLength),
    tunnelMtu,
    configured: linkMtu !== undefined,
    linkMtu,
    encapsulated: lr + 40 + telBytes,
    frames: d.set.frames,
  };
}

/** Message data shared by FRAG-002 and FRAG-003. */
export function describe(t: TunnelFragmentation, d: InnerDatagram): Record<string, string | number> {
  const why =
    t.linkMtu === undefined
      ? `the first fragment fills a ${t.tunnelMtu}-byte tunnel MTU (a ${t.tunnelMtu + 40}-byte link; give --mtu to state the link MTU)`
      : t.encapsulated > t.linkMtu
        ? `encapsulated whole it would be ${t.encapsulated} bytes, over the ${t.linkMtu}-byte link MTU`
        : `encapsulated whole it would be ${t.encapsulated} bytes, within the ${t.linkMtu}-byte link MTU: the tunnel MTU is set below what the link carries`;
  return { lr: t.lr, id: hex(d.id, 4), sizes: t.sizes.join(' + '), frames: frameText(t.frames), why };
}

/**
 * FRAG-002 (B4, upstream) and FRAG-003 (AFTR, downstream) are one check in two directions:
 * each rule file gives its metadata, direction and the confidence the tunnel side allows.
 */
export function innerFragmentationRule(meta: RuleMeta, dir: Direction, confidence: Confidence): Rule {
  return {
    meta,
    create(context) {
      return {
        'inner-datagram'(e) {
          const d = e.datagram;
          if (d.dir !== dir) return;
          const t = tunnelFragmentation(d, context.config, d.softwire[d.dir].telPackets > 0 ? 8 : 0);
          if (!t) return;
          context.report({ messageId: 'innerFragmented', data: describe(t, d), frames: t.frames, input: e.input, confidence });
        },
      };
    },
  };
}
