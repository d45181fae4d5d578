import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { protocolName } from '../codec/ipv4.js';
import type { Binding } from '../track/nat.js';
import type { NatEvent } from '../track/events.js';
import type { ReportDescriptor } from './types.js';
import { frameText } from './words.js';

/** "192.168.1.10:40000/udp", "192.168.1.10 id 4660/icmp". */
export const endpointText = (addr: number, port: number, protocol: number): string =>
  `${ip4ToString(addr)}${protocol === 1 ? ` id ${port}` : `:${port}`}/${protocolName(protocol)}`;
/** "B4 2001:db8:1::2 192.168.1.10:40000/udp". */
export const internalText = (b: Binding): string =>
  `B4 ${ip6ToString(b.b4)} ${endpointText(b.internal, b.internalPort, b.protocol)}`;
/** "203.0.113.1:10001" (the external endpoint, protocol implied by its internal one). */
export const externalText = (b: Binding): string =>
  `${ip4ToString(b.external)}${b.protocol === 1 ? ` id ${b.externalPort}` : `:${b.externalPort}`}`;
/** "frames 1, 7 tunnel side; 1, 6 Internet side". */
export const bindingFrames = (...bs: Binding[]): string =>
  `frames ${frameText(bs.flatMap((b) => b.tunnelFrames))} tunnel side; ${frameText(bs.flatMap((b) => b.internetFrames))} Internet side`;
/** One finding per pair of bindings (in either order). */
export function oncePerPair(): (a: Binding, b: Binding) => boolean {
  const seen = new Set<string>();
  return (a, b) => {
    const k = a.id < b.id ? `${a.id}/${b.id}` : `${b.id}/${a.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}

/** Where a finding about bindings points: their first tunnel frames, their Internet frames as related, the pair's input. */
export function bindingsEvidence(
  e: NatEvent,
  ...bs: Binding[]
): Pick<ReportDescriptor, 'frames' | 'input' | 'related'> {
  return {
    frames: bs.flatMap((b) => b.tunnelFrames),
    input: e.pair.tunnel.input,
    related: [{ input: e.pair.other.input, frames: bs.flatMap((b) => b.internetFrames) }],
  };
}
