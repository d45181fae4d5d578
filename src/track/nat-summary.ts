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

/**
 * Texts made once per distinct value: tens of thousands of bindings share a thousand B4s and
 * a few external addresses, and the summary needs them only for sorting and counting.
 */
function textCache<K>(text: (k: K) => string): (k: K) => string {
  const m = new Map<K, string>();
  return (k) => {
    let t = m.get(k);
    if (t === undefined) m.set(k, (t = text(k)));
    return t;
  };
}

/** The binding table for the report: sorted by B4, protocol, internal endpoint, then first use; at most `max` listed. */
export function natSummary(
  t: NatTable,
  pools: readonly string[],
  portQuota: number | undefined,
  max: number,
): NatSummary {
  const b4Text = textCache(ip6ToString);
  const addrText = textCache(ip4ToString);
  const held = t.all();
  // The B4s' texts ranked once (a comparison of texts per pair of bindings was most of the summary's time).
  const b4s = [...new Set(held.map((b) => b4Text(b.b4)))].sort((a, b) => a.localeCompare(b));
  const rank = new Map(b4s.map((text, i) => [text, i]));
  const all = held.map((b) => ({ b, b4: b4Text(b.b4), rank: rank.get(b4Text(b.b4))! }));
  all.sort(
    (x, y) =>
      x.rank - y.rank ||
      x.b.protocol - y.b.protocol ||
      x.b.internal - y.b.internal ||
      x.b.internalPort - y.b.internalPort ||
      x.b.id - y.b.id,
  );
  /** Per B4: its bindings, and per external address the protocol-and-port pairs it used. */
  const perB4 = new Map<string, { bindings: number; ports: Map<string, Set<number>> }>();
  for (const { b, b4 } of all) {
    let p = perB4.get(b4);
    if (!p) perB4.set(b4, (p = { bindings: 0, ports: new Map() }));
    p.bindings++;
    const external = addrText(b.external);
    let ports = p.ports.get(external);
    if (!ports) p.ports.set(external, (ports = new Set()));
    ports.add(b.protocol * 65536 + b.externalPort);
  }
  const seen = [...new Set(all.map(({ b }) => addrText(b.external)))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  return {
    pool: pools.length
      ? { prefixes: [...pools], inferred: false }
      : { prefixes: seen.map((a) => `${a}/32`), inferred: true },
    portQuota: portQuota ?? null,
    bindings: all.slice(0, max).map(({ b }) => bindingSummary(b)),
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
        externalAddresses: [...p.ports.keys()].sort(),
        externalPorts: [...p.ports.values()].reduce((n, s) => n + s.size, 0),
      }))
      .sort((a, b) => a.b4.localeCompare(b.b4)),
  };
}
