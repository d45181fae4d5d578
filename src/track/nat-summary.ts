import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { PROTOCOL_NAMES } from '../codec/ipv4.js';
import type { Binding, NatTable } from './nat.js';
import type { BindingSummary, NatSummary } from '../model/report.js';

const seconds = (t: number): string => t.toFixed(6);

/** A binding's remotes (kept flat: address, port, …) as text; ICMP has no port. */
function remoteTexts(b: Binding): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.remotes.length; i += 2) {
    const a = b.remotes[i]!;
    const p = b.remotes[i + 1]!;
    out.push(p >= 0 && b.protocol !== 1 ? `${ip4ToString(a)}:${p}` : ip4ToString(a));
  }
  return out;
}

function bindingSummary(b: Binding): BindingSummary {
  return {
    b4: ip6ToString(b.b4),
    protocol: PROTOCOL_NAMES[b.protocol] ?? String(b.protocol),
    internal: ip4ToString(b.internal),
    internalPort: b.internalPort,
    external: ip4ToString(b.external),
    externalPort: b.externalPort,
    firstSeen: seconds(b.firstSeen),
    lastSeen: seconds(b.lastSeen),
    up: b.up,
    down: b.down,
    remotes: remoteTexts(b),
    remoteCount: b.remoteCount,
    replies: [...(b.ownReplies ? [[b.b4, b.ownReplies] as const] : []), ...(b.otherReplies ?? [])]
      .map(([k, packets]) => ({ b4: ip6ToString(k), packets }))
      .sort((x, y) => x.b4.localeCompare(y.b4)),
    tunnelFrames: b.tunnelFrames,
    internetFrames: b.internetFrames,
  };
}

/** The binding table for the report: sorted by B4, protocol, internal endpoint, then first use; at most `max` listed. */
export function natSummary(
  t: NatTable,
  pools: readonly string[],
  portQuota: number | undefined,
  max: number,
): NatSummary {
  const all = t.all().map((b) => ({ b, s: bindingSummary(b) }));
  all.sort(
    (x, y) =>
      x.s.b4.localeCompare(y.s.b4) ||
      x.b.protocol - y.b.protocol ||
      x.b.internal - y.b.internal ||
      x.b.internalPort - y.b.internalPort ||
      x.b.id - y.b.id,
  );
  const perB4 = new Map<string, { bindings: number; addresses: Set<string>; ports: Set<string> }>();
  for (const { s } of all) {
    let p = perB4.get(s.b4);
    if (!p) perB4.set(s.b4, (p = { bindings: 0, addresses: new Set(), ports: new Set() }));
    p.bindings++;
    p.addresses.add(s.external);
    p.ports.add(`${s.external}|${s.protocol}|${s.externalPort}`);
  }
  const seen = [...new Set(all.map(({ s }) => s.external))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    pool: pools.length
      ? { prefixes: [...pools], inferred: false }
      : { prefixes: seen.map((a) => `${a}/32`), inferred: true },
    portQuota: portQuota ?? null,
    bindings: all.slice(0, max).map(({ s }) => s),
    totals: {
      bindings: t.stats.bindings,
      listed: Math.min(max, all.length),
      evicted: t.stats.evicted,
      unowned: t.stats.unowned,
      unkeyed: t.stats.unkeyed,
    },
    perB4: [...perB4]
      .map(([b4, p]) => ({
        b4,
        bindings: p.bindings,
        externalAddresses: [...p.addresses].sort(),
        externalPorts: p.ports.size,
      }))
      .sort((a, b) => a.b4.localeCompare(b.b4)),
  };
}
