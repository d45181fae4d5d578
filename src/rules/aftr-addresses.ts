import type { Ip6Key } from '../codec/addr.js';
import type { SoftwirePacketEvent } from '../track/events.js';

/**
 * The AFTR addresses the tunnel capture showed, for rules that must tell which end of a softwire
 * an ICMPv6 error came from or went to. Noted at a softwire's first packet and once its ends are
 * settled (the tracker recognises an AFTR by its many peers), not per packet: a set insert per
 * packet would cost each a string hash.
 */
export function createAftrAddresses(): { see(e: SoftwirePacketEvent): void; has(a: Ip6Key): boolean } {
  const aftrs = new Set<Ip6Key>();
  return {
    see(e) {
      const n = e.softwire.up.packets + e.softwire.down.packets;
      if (n === 1 || n === 16) aftrs.add(e.softwire.aftr);
    },
    has: (a) => aftrs.has(a),
  };
}
