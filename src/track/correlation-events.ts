import type { OtherSide, Pair, Unpaired } from './correlate.js';
import type { EventSink } from './events.js';
import type { TunnelDatagram } from './ip4-datagram.js';
import type { NatTable } from './nat.js';

/** Unpaired datagrams inside both captures' spans, by capture and direction (the report's correlation table). */
export interface UnpairedCounts {
  tunnelUp: number;
  tunnelDown: number;
  otherUp: number;
  otherDown: number;
  otherUnknown: number;
}

const UNPAIRED_KEY: Readonly<Record<Unpaired['origin'], Readonly<Record<string, keyof UnpairedCounts>>>> = {
  tunnel: { up: 'tunnelUp', down: 'tunnelDown', unknown: 'tunnelDown' },
  other: { up: 'otherUp', down: 'otherDown', unknown: 'otherUnknown' },
};

/**
 * What one correlation's pairs and unpaired datagrams mean, as events for the rules: the
 * match itself, and on the AFTR's Internet side what it tells of the NAT (catalogue §11.3).
 */
export function correlationEvents(
  side: OtherSide,
  sink: EventSink,
  nat: NatTable | undefined,
): { onPair(p: Pair): void; onUnpaired(u: Unpaired): void; readonly unpairedBy: UnpairedCounts } {
  const unpairedBy: UnpairedCounts = { tunnelUp: 0, tunnelDown: 0, otherUp: 0, otherDown: 0, otherUnknown: 0 };
  return {
    unpairedBy,
    onPair(p) {
      const pair = {
        type: 'pair',
        side,
        dir: p.dir,
        tunnel: p.tunnel,
        other: p.other,
        ambiguous: p.ambiguous,
      } as const;
      sink.dispatch(pair);
      if (!nat) return;
      const obs = p.dir === 'up' ? nat.up(p.tunnel, p.other) : nat.down(p.tunnel, p.other);
      if (obs) sink.dispatch({ type: 'nat', pair, nat: obs });
    },
    onUnpaired(u) {
      if (u.inSpan) unpairedBy[UNPAIRED_KEY[u.origin][u.dir ?? 'unknown']!]++;
      sink.dispatch({ type: 'unpaired', side, origin: u.origin, datagram: u.datagram, dir: u.dir, inSpan: u.inSpan });
      if (!nat || !u.inSpan) return;
      if (u.origin === 'other') {
        const lost = nat.undelivered(u.datagram);
        if (lost) sink.dispatch({ type: 'nat-undelivered', nat: lost });
      } else if (u.dir === 'up')
        sink.dispatch({ type: 'nat-unmapped', nat: nat.unmapped(u.datagram as TunnelDatagram) });
    },
  };
}

/** Hairpinned datagrams (NAT-011): each tunnel datagram is offered to the NAT table, and what is still open at the end. */
export function hairpinEvents(nat: NatTable, sink: EventSink): { tunnel(d: TunnelDatagram): void; finish(): void } {
  return {
    tunnel(d) {
      for (const h of nat.tunnel(d)) sink.dispatch({ type: 'nat-hairpin', nat: h });
    },
    finish() {
      for (const h of nat.finishHairpins()) sink.dispatch({ type: 'nat-hairpin', nat: h });
    },
  };
}
