import { type CaptureSource, readCapture, type ReadResult, sourceName } from './capture/open.js';
import { readMerged } from './capture/merge.js';
import {
  type Ip6Key,
  type Ip6Prefix,
  ip4ToString,
  ip6ToString,
  parseIp4Prefix,
  parseIp6,
  parseIp6Prefix,
} from './codec/addr.js';
import type { Category } from './dissect/types.js';
import { createEngine } from './rules/engine.js';
import { ruleResults } from './rules/coverage.js';
import type { Baseline } from './report/baseline.js';
import { findingOrder, judge, withBaseline } from './report/merge.js';
import { RULES } from './rules/index.js';
import type { Rule, RuleConfig } from './rules/types.js';
import { DEFAULT_LIMITS, type DefragLimits } from './track/defrag-ipv6.js';
import type { OverlapPolicy } from './track/defrag-ipv4.js';
import { createAnomalyLog } from './track/anomaly-log.js';
import { type Flow, MAX_FLOWS } from './track/flows.js';
import { type DirStats, hopLimitCounts, MAX_SOFTWIRES, type Softwire, trafficClassCounts } from './track/softwires.js';
import { type LinkMtuLearner, type LearnedMtu, tellsLinkMtu } from './track/link-mtu.js';
import type {
  LinkMtuSummary,
  CorrelationSummary,
  DirectionSummary,
  FlowSummary,
  InputSummary,
  Report,
  Role,
  Severity,
  SoftwireSummary,
} from './report/model.js';
import { createCorrelator, internetModel, lanModel } from './track/correlate.js';
import { createNatTable, MAX_BINDINGS } from './track/nat.js';
import { natSummary } from './report/nat-summary.js';
import type { PairEvent } from './track/events.js';
import type { TunnelDatagram } from './track/ip4-datagram.js';
import {
  createTunnelInput,
  SIZE_BIN,
  SIZE_BINS,
  type TunnelInput,
  type TunnelInputOptions,
} from './pipeline/tunnel-input.js';
import { createSideInput } from './pipeline/side-input.js';
import { CATEGORIES, CATEGORY_INDEX, type CaptureCounters, type StageOptions } from './pipeline/counters.js';
import { PROTOCOL_NAMES } from './codec/ipv4.js';
import { VERSION } from './version.js';
import { ConfigError } from './config/error.js';
import { ASSUMED_LINK_MTU, DEFAULT_LAN_MTU, DEFAULT_MATCH_WINDOW, DEFAULT_TOP } from './config/defaults.js';

export { ConfigError };

export interface CheckOptions {
  /** AFTR IPv6 addresses (text); others are inferred. */
  readonly aftrs?: readonly string[];
  /** IPv6 prefixes the B4s are in: an end inside one is the B4 (text). */
  readonly b4Prefixes?: readonly string[];
  readonly failOn?: Severity | 'never';
  /** More warnings than this fail the run (ESLint's --max-warnings). */
  readonly maxWarnings?: number;
  /** Accepted findings: only the others are reported. */
  readonly baseline?: Baseline;
  /** Rule options by rule ID. */
  readonly ruleOptions?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly maxFlows?: number;
  /** Softwires held at once per capture; past it the least recently seen eighth is folded away. */
  readonly maxSoftwires?: number;
  readonly top?: number;
  readonly maxFindingsPerRule?: number;
  readonly rules?: readonly Rule[];
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  /** Display names for the inputs (defaults to the paths). */
  readonly names?: readonly string[];
  /** IPv6 link MTU for both directions, or per direction (overrides `mtu`). */
  readonly mtu?: number;
  readonly mtuUp?: number;
  readonly mtuDown?: number;
  readonly dfProfile?: 'rfc6333' | 'rfc2473';
  readonly lanMtu?: number;
  /** Outer and inner reassembly limits. */
  readonly reassembly?: Partial<DefragLimits>;
  /** Whose bytes stand where inner IPv4 fragments overlap (always reported). */
  readonly innerOverlap?: OverlapPolicy;
  /** A capture on the AFTR's IPv4 (Internet) side, correlated with the one tunnel capture. */
  readonly internet?: SideCapture;
  /** A capture on the B4's LAN side, correlated with the one tunnel capture. */
  readonly lan?: SideCapture;
  /** Seconds either way within which a counterpart must appear (default config/defaults.ts, catalogue §11.4). */
  readonly matchWindow?: number;
  /** The AFTR's NAT pool prefixes (inferred from the Internet side when absent). */
  readonly natPools?: readonly string[];
  /** Per-subscriber port quota, reported (NAT-009 is not judged yet). */
  readonly portQuota?: number;
  /** Inner IPv4 sources the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (SEC-001). */
  readonly authorisedSources?: readonly string[];
  /** IPv6 prefixes of the B4s registered for the service (SEC-002). */
  readonly registeredB4s?: readonly string[];
  /** Only these interfaces of the tunnel capture (pcapng if_name or number). */
  readonly tunnelInterfaces?: readonly string[];
  /** Bindings held at once (memory bound), and listed in the report. */
  readonly maxBindings?: number;
  readonly maxBindingsListed?: number;
}

function prefixes6(list: readonly string[], option: string): Ip6Prefix[] {
  return list.map((p) => {
    const x = parseIp6Prefix(p);
    if (!x) throw new ConfigError(`${option} ${p}: not an IPv6 prefix like 2001:db8:100::/40`);
    return x;
  });
}

function prefixes(list: readonly string[], option: string): { network: number; mask: number }[] {
  return list.map((p) => {
    const x = parseIp4Prefix(p);
    if (!x) throw new ConfigError(`${option} ${p}: not an IPv4 prefix like 203.0.113.0/24`);
    return x;
  });
}

export const timeText = (sec: number, nsec: number): string => `${sec}.${String(nsec).padStart(9, '0')}`;
const secondsText = (t: number): string => t.toFixed(6);

function parseAftrs(list: readonly string[]): Set<Ip6Key> {
  const out = new Set<Ip6Key>();
  for (const a of list) {
    const k = parseIp6(a);
    if (!k) throw new ConfigError(`--aftr ${a}: not an IPv6 address`);
    out.add(k);
  }
  return out;
}

/** The non-empty bins of one direction's size histogram. */
const bins = (h: Float64Array, base: number): { from: number; count: number }[] => {
  const out: { from: number; count: number }[] = [];
  for (let i = 0; i < SIZE_BINS; i++) if (h[base + i]) out.push({ from: i * SIZE_BIN, count: h[base + i]! });
  return out;
};

const direction = (d: DirStats): DirectionSummary => ({
  packets: d.packets,
  bytes: d.bytes,
  outerFragments: d.outerFragments,
  innerFragments: d.innerFragments,
  maxOuter: d.maxOuter,
  maxInner: d.maxInner,
});

/**
 * A direction's link MTU as the report states it: configured; else the most telling thing the
 * capture showed (a Packet Too Big's MTU exactly, outer fragments and the largest packet as a
 * floor); else the Ethernet 1500 assumed.
 */
function linkMtuSummary(configured: number | undefined, learned: readonly LearnedMtu[]): LinkMtuSummary {
  if (configured !== undefined) return { value: configured, source: 'configured' };
  // Nothing that tells the link MTU: then the assumed value stands.
  const best = learned.find(tellsLinkMtu);
  if (!best) return { value: ASSUMED_LINK_MTU, source: 'assumed' };
  return {
    value: best.value,
    source: 'learned',
    how: best.how,
    frame: best.frame,
    atLeast: best.how !== 'packet-too-big',
  };
}

function softwireSummary(input: number, sw: Softwire, seen: { first: number; last: number }): SoftwireSummary {
  return {
    input,
    b4: ip6ToString(sw.b4),
    aftr: ip6ToString(sw.aftr),
    aftrEvidence: sw.evidence,
    firstSeen: secondsText(seen.first),
    lastSeen: secondsText(seen.last),
    firstFrame: sw.firstFrame,
    up: direction(sw.up),
    down: direction(sw.down),
    hopLimits: { up: hopLimitCounts(sw.up), down: hopLimitCounts(sw.down) },
    trafficClasses: { up: trafficClassCounts(sw.up), down: trafficClassCounts(sw.down) },
    telPackets: sw.up.telPackets + sw.down.telPackets,
    flows: sw.flows,
    ...(sw.carriage && { carriage: [...sw.carriage].sort() }),
  };
}

function flowSummary(input: number, f: Flow): FlowSummary {
  return {
    input,
    b4: ip6ToString(f.softwire.b4),
    aftr: ip6ToString(f.softwire.aftr),
    protocol: PROTOCOL_NAMES[f.protocol] ?? String(f.protocol),
    internal: ip4ToString(f.internal),
    internalPort: f.internalPort,
    remote: ip4ToString(f.remote),
    remotePort: f.remotePort,
    up: { packets: f.upPackets, bytes: f.upBytes },
    down: { packets: f.downPackets, bytes: f.downBytes },
    firstSeen: secondsText(f.firstSeen),
    lastSeen: secondsText(f.lastSeen),
  };
}

/** A capture beside the tunnel capture, correlated with it (catalogue §11.4). */
export interface SideCapture {
  readonly path: CaptureSource;
  /** Seconds added to its timestamps (its capture host's clock against the tunnel capture's). */
  readonly offset?: number;
  /** Only these interfaces of the file (pcapng if_name or number): one pcapng may hold both capture points. */
  readonly interfaces?: readonly string[];
}

/**
 * Runs the whole pipeline and builds one report. Without side captures each input is a
 * tunnel capture with its own state; with `internet`/`lan` the one tunnel capture is read
 * merged with them in capture-time order and each is correlated with it.
 */
export async function check(paths: readonly CaptureSource[], opts: CheckOptions = {}): Promise<Report> {
  const configured = parseAftrs(opts.aftrs ?? []);
  const b4Prefixes = prefixes6(opts.b4Prefixes ?? [], 'B4 prefix');
  const registeredB4s = prefixes6(opts.registeredB4s ?? [], '--registered-b4');
  const failOn = opts.failOn ?? 'error';
  const top = opts.top ?? DEFAULT_TOP;
  const sideList = (['internet', 'lan'] as const).flatMap((side) =>
    opts[side] ? [{ side, capture: opts[side] }] : [],
  );
  if (sideList.length && paths.length !== 1)
    throw new ConfigError(`--internet and --lan are correlated with one tunnel capture; ${paths.length} were given`);
  const window = opts.matchWindow ?? DEFAULT_MATCH_WINDOW;
  if (!(window > 0 && window <= 60)) throw new ConfigError(`match window ${window}: give seconds above 0, at most 60`);
  const config: RuleConfig = {
    mtu: { up: opts.mtuUp ?? opts.mtu, down: opts.mtuDown ?? opts.mtu },
    dfProfile: opts.dfProfile ?? 'rfc6333',
    lanMtu: opts.lanMtu ?? DEFAULT_LAN_MTU,
    sides: sideList.map((s) => s.side),
    matchWindow: window,
    natPools: prefixes(opts.natPools ?? [], '--nat-pool'),
    portQuota: opts.portQuota,
    authorisedSources: prefixes(opts.authorisedSources ?? [], '--authorised-source'),
    registeredB4s,
  };
  for (const [dir, v] of Object.entries(config.mtu))
    if (v !== undefined && (!Number.isInteger(v) || v < 1280 || v > 65535))
      throw new ConfigError(`MTU ${dir} ${v}: an IPv6 link MTU is an integer from 1280 to 65535 (RFC 8200 §5)`);
  if (opts.portQuota !== undefined && (!Number.isInteger(opts.portQuota) || opts.portQuota < 1))
    throw new ConfigError(`--port-quota ${opts.portQuota}: a positive number of ports`);
  const limits: DefragLimits = { ...DEFAULT_LIMITS, ...opts.reassembly };
  const engine = createEngine(opts.rules ?? RULES, {
    maxFindingsPerRule: opts.maxFindingsPerRule ?? 1000,
    config,
    ...(opts.severity && { severity: opts.severity }),
    ...(opts.ruleOptions && { options: opts.ruleOptions }),
  });
  const anomalies = createAnomalyLog();
  const inputs: InputSummary[] = [];
  const softwires: SoftwireSummary[] = [];
  const flows: FlowSummary[] = [];
  const correlation: CorrelationSummary[] = [];
  // Counted by index: a keyed store with ten different string keys per frame goes megamorphic.
  const categoryCounts = new Float64Array(CATEGORIES.length);
  const aftrs = new Map<string, string>();
  const b4s = new Set<string>();
  const warnings: string[] = [];
  let flowTotal = 0;
  let softwireTotal = 0;
  let softwireEvicted = 0;
  let flowEvicted = 0;
  if (opts.tunnelInterfaces && paths.length !== 1)
    throw new ConfigError(`--tunnel-if selects interfaces of one capture; ${paths.length} were given`);
  const withIf = (path: CaptureSource, ifs: readonly string[] | undefined): string =>
    ifs ? `${sourceName(path)} [${ifs.join(', ')}]` : sourceName(path);
  const names = [
    ...paths.map((p) => withIf(p, opts.tunnelInterfaces)),
    ...sideList.map((s) => withIf(s.capture.path, s.capture.interfaces)),
  ];
  const nameOf = (i: number): string => opts.names?.[i] ?? names[i]!;

  const stage = (input: number): StageOptions => ({
    input,
    name: nameOf(input),
    engine,
    anomalies,
    categoryCounts,
    categoryIndex: CATEGORY_INDEX,
    limits,
    overlap: opts.innerOverlap ?? 'first',
    warnings,
  });
  const tunnelOptions = (input: number, onDatagram?: (d: TunnelDatagram) => void): TunnelInputOptions => ({
    ...stage(input),
    configured,
    b4Prefixes,
    ...(opts.maxSoftwires !== undefined && { maxSoftwires: opts.maxSoftwires }),
    maxFlows: opts.maxFlows ?? MAX_FLOWS,
    top,
    ...(onDatagram && { onDatagram }),
  });

  const summarise = (
    input: number,
    role: Role,
    counters: CaptureCounters,
    result: ReadResult,
    mtu?: LinkMtuLearner,
  ): void => {
    inputs.push({
      file: nameOf(input),
      role,
      format: result.format,
      byteOrder: result.bigEndian ? 'big-endian' : 'little-endian',
      gzip: result.gzip,
      frames: counters.frames,
      bytes: result.bytes,
      interfaces: counters.interfaces,
      firstSeen: counters.first ? timeText(counters.first.sec, counters.first.nsec) : null,
      lastSeen: counters.last ? timeText(counters.last.sec, counters.last.nsec) : null,
      incomplete: counters.incomplete,
      drops: counters.drops,
      ...(mtu && {
        linkMtu: {
          up: linkMtuSummary(config.mtu.up, mtu.learned('up')),
          down: linkMtuSummary(config.mtu.down, mtu.learned('down')),
        },
      }),
    });
  };

  const sizes = new Float64Array(2 * SIZE_BINS);
  const summariseTunnel = (input: number, t: TunnelInput): void => {
    for (let i = 0; i < sizes.length; i++) sizes[i]! += t.sizes[i]!;
    for (const sw of t.tracker.all()) {
      softwires.push(softwireSummary(input, sw, t.tracker.seen(sw)));
      b4s.add(ip6ToString(sw.b4));
    }
    for (const [a, ev] of t.tracker.aftrs()) if (!aftrs.has(ip6ToString(a))) aftrs.set(ip6ToString(a), ev);
    for (const f of t.flows.largest()) flows.push(flowSummary(input, f));
    flowTotal += t.flows.stats.total;
    flowEvicted += t.flows.stats.evicted;
    softwireTotal += t.tracker.stats.total;
    softwireEvicted += t.tracker.stats.evicted;
    // Said in every format whatever CAP-001's level: a check of nothing must not read as a pass.
    if (t.tracker.stats.total === 0)
      warnings.push(
        `${nameOf(input)}: no DS-Lite traffic (IPv6 carrying IPv4) in ${t.counters.frames} frames: the verdict says nothing about the device (CAP-001)`,
      );
    if (t.tracker.stats.evicted)
      warnings.push(
        `${nameOf(input)}: ${t.tracker.stats.evicted} of ${t.tracker.stats.total} softwires were folded away, least recently seen first, to stay under --max-softwires ${opts.maxSoftwires ?? MAX_SOFTWIRES}: they are not listed and their counts are gone`,
      );
  };

  const natTable = createNatTable({
    maxBindings: opts.maxBindings ?? MAX_BINDINGS,
    ...(opts.portQuota !== undefined && { quota: opts.portQuota }),
  });
  if (!sideList.length) {
    for (const [input, path] of paths.entries()) {
      const t = createTunnelInput(tunnelOptions(input));
      const result = opts.tunnelInterfaces
        ? (
            await readMerged([{ path, interfaces: opts.tunnelInterfaces }], {
              onRecord: t.onRecord,
              onInterface: (_i, f) => t.onInterface(f),
              onNotice: (_i, n) => t.onNotice(n),
              onStats: (_i, st) => t.onStats(st),
            })
          ).inputs[0]!
        : await readCapture(path, t);
      t.finish();
      summariseTunnel(input, t);
      summarise(input, 'tunnel', t.counters, result, t.linkMtu);
    }
  } else {
    const unpairedBy = new Map(
      sideList.map(({ side }) => [side, { tunnelUp: 0, tunnelDown: 0, otherUp: 0, otherDown: 0, otherUnknown: 0 }]),
    );
    const correlators = sideList.map(({ side }) =>
      createCorrelator(side === 'internet' ? internetModel() : lanModel(), {
        window,
        maxPending: 1 << 16,
        onPair: (p) => {
          const pair: PairEvent = {
            type: 'pair',
            side,
            dir: p.dir,
            tunnel: p.tunnel,
            other: p.other,
            ambiguous: p.ambiguous,
          };
          engine.dispatch(pair);
          if (side !== 'internet') return;
          const obs = p.dir === 'up' ? natTable.up(p.tunnel, p.other) : natTable.down(p.tunnel, p.other);
          if (obs) engine.dispatch({ type: 'nat', pair, nat: obs });
        },
        onUnpaired: (u) => {
          if (u.inSpan) {
            const by = unpairedBy.get(side)!;
            const key =
              u.origin === 'tunnel'
                ? u.dir === 'up'
                  ? 'tunnelUp'
                  : 'tunnelDown'
                : u.dir === 'up'
                  ? 'otherUp'
                  : u.dir === 'down'
                    ? 'otherDown'
                    : 'otherUnknown';
            by[key]++;
          }
          engine.dispatch({
            type: 'unpaired',
            side,
            origin: u.origin,
            datagram: u.datagram,
            dir: u.dir,
            inSpan: u.inSpan,
          });
          if (side === 'internet' && u.origin === 'other' && u.inSpan) {
            const lost = natTable.undelivered(u.datagram);
            if (lost) engine.dispatch({ type: 'nat-undelivered', nat: lost });
          }
          if (side === 'internet' && u.origin === 'tunnel' && u.dir === 'up' && u.inSpan)
            engine.dispatch({ type: 'nat-unmapped', nat: natTable.unmapped(u.datagram as TunnelDatagram) });
        },
      }),
    );
    const withInternet = sideList.some((x) => x.side === 'internet');
    const t = createTunnelInput(
      tunnelOptions(0, (d) => {
        for (const c of correlators) c.tunnel(d);
        if (withInternet) for (const h of natTable.tunnel(d)) engine.dispatch({ type: 'nat-hairpin', nat: h });
      }),
    );
    const sides = sideList.map((_s, i) => createSideInput({ ...stage(i + 1), correlator: correlators[i]! }));
    const result = await readMerged(
      [
        { path: paths[0]!, ...(opts.tunnelInterfaces && { interfaces: opts.tunnelInterfaces }) },
        ...sideList.map((s) => ({
          path: s.capture.path,
          offsetSeconds: s.capture.offset ?? 0,
          ...(s.capture.interfaces && { interfaces: s.capture.interfaces }),
        })),
      ],
      {
        onRecord(rec) {
          if (rec.input === 0) {
            for (const c of correlators) c.advance(rec.time, 'tunnel');
            t.onRecord(rec);
          } else {
            correlators[rec.input - 1]!.advance(rec.time, 'other');
            sides[rec.input - 1]!.onRecord(rec, rec.time);
          }
        },
        onInterface: (i, iface) => (i === 0 ? t.onInterface(iface) : sides[i - 1]!.onInterface(iface)),
        onNotice: (i, n) => (i === 0 ? t.onNotice(n) : sides[i - 1]!.onNotice(n)),
        onStats: (i, s) => (i === 0 ? t.onStats(s) : sides[i - 1]!.onStats(s)),
        onInputEnd: (i) =>
          i === 0 ? correlators.forEach((c) => c.ended('tunnel')) : correlators[i - 1]!.ended('other'),
      },
    );
    t.finish();
    for (const s of sides) s.finish();
    for (const h of natTable.finishHairpins()) engine.dispatch({ type: 'nat-hairpin', nat: h });
    summariseTunnel(0, t);
    summarise(0, 'tunnel', t.counters, result.inputs[0]!, t.linkMtu);
    for (const [i, { side, capture }] of sideList.entries()) {
      const c = correlators[i]!;
      c.finish();
      const input = i + 1;
      engine.dispatch({
        type: 'correlation-end',
        side,
        tunnelInput: 0,
        otherInput: input,
        drops: { tunnel: t.counters.drops, other: sides[i]!.counters.drops },
        stats: c.stats,
      });
      summarise(input, side, sides[i]!.counters, result.inputs[input]!);
      const st = c.stats;
      correlation.push({
        side,
        tunnelInput: 0,
        input,
        offset: capture.offset ?? 0,
        window,
        pairs: { ...st.pairs },
        ambiguous: st.ambiguous,
        unpaired: { ...st.unpaired },
        outOfSpan: { ...st.outOfSpan },
        unkeyed: { ...st.unkeyed },
        evicted: st.evicted,
        synDelta: st.synDelta,
        unpairedBy: { ...unpairedBy.get(side)! },
      });
      if (st.synDelta && Math.abs(st.synDelta.seconds) > window / 2)
        warnings.push(
          `${nameOf(input)}: matched TCP SYNs are ${st.synDelta.seconds.toFixed(3)} s apart from the tunnel capture (median of ${st.synDelta.samples}); if the clocks differ, pass --${side}-offset ${((capture.offset ?? 0) - st.synDelta.seconds).toFixed(3)}`,
        );
      if (st.pairs.up + st.pairs.down === 0)
        warnings.push(
          `${nameOf(input)}: no datagram matched the tunnel capture; check that both captures cover the same time (or the clock offset) and the same traffic (CAP-002)`,
        );
    }
  }

  const rules = ruleResults({
    rules: opts.rules ?? RULES,
    severity: opts.severity ?? {},
    inputs,
    listensTo: (r) => engine.listensTo(r.meta.id) ?? [],
    sides: sideList.map((s) => s.side),
    seen: engine.seen,
    findings: engine.findings(),
  });
  const categories = Object.fromEntries(CATEGORIES.map((c, i) => [c, categoryCounts[i]!])) as Record<Category, number>;
  const findings = [...engine.findings()].sort(findingOrder);
  const gate = { failOn, maxWarnings: opts.maxWarnings ?? null };
  const softwireFrames = (categories['softwire'] ?? 0) + (categories['softwire-fragment'] ?? 0);
  const totalFrames = inputs.reduce((n, i) => n + i.frames, 0);
  const listedFlows = [...flows].sort(
    (a, b) => b.up.bytes + b.down.bytes - (a.up.bytes + a.down.bytes) || a.input - b.input,
  );

  const report: Report = {
    tool: 'dslite-check',
    version: VERSION,
    inputs,
    summary: {
      frames: totalFrames,
      softwireFrames,
      otherFrames: totalFrames - softwireFrames,
      categories,
      softwires: softwireTotal,
      softwiresEvicted: softwireEvicted,
      b4s: b4s.size,
      aftrs: [...aftrs.entries()]
        .map(([address, evidence]) => ({ address, evidence }))
        .sort((a, b) => a.address.localeCompare(b.address)),
      flows: { total: flowTotal, evicted: flowEvicted, listed: Math.min(top, listedFlows.length) },
      anomalies: anomalies.total(),
      ...judge(findings, gate),
      suppressedFindings: engine.suppressed(),
      warnings,
      failOn,
      maxWarnings: gate.maxWarnings,
      baselined: 0,
      dfProfile: config.dfProfile,
    },
    softwires: softwires.sort((a, b) => a.input - b.input || a.b4.localeCompare(b.b4) || a.aftr.localeCompare(b.aftr)),
    flows: listedFlows.slice(0, top),
    anomalies: anomalies.summaries(),
    findings,
    correlation,
    nat: opts.internet
      ? natSummary(natTable, opts.natPools ?? [], opts.portQuota, opts.maxBindingsListed ?? 1000)
      : null,
    rules,
    sizes: {
      binWidth: SIZE_BIN,
      linkMtu: { up: config.mtu.up ?? null, down: config.mtu.down ?? null },
      up: bins(sizes, 0),
      down: bins(sizes, SIZE_BINS),
    },
  };
  return opts.baseline ? withBaseline(report, opts.baseline) : report;
}
