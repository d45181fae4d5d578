import { readCapture } from './capture/open.js';
import type { CaptureInterface, CaptureRecord, Mutable } from './capture/types.js';
import { type Ip6Key, ip4ToString, ip6ToString, parseIp6 } from './codec/addr.js';
import { dissect } from './dissect/dissect.js';
import { LINK_NAMES } from './dissect/link.js';
import type { Category } from './dissect/types.js';
import { createEngine } from './rules/engine.js';
import { RULES } from './rules/index.js';
import type { Rule, RuleConfig } from './rules/types.js';
import { createOuterDefrag, DEFAULT_LIMITS, type DefragLimits } from './track/defrag-ipv6.js';
import { createInnerDefrag, type OverlapPolicy } from './track/defrag-ipv4.js';
import { createAnomalyLog } from './track/anomaly-log.js';
import type { OuterFragmentEvent, SoftwirePacketEvent } from './track/events.js';
import { createFlowTracker, type Flow } from './track/flows.js';
import { createSoftwireTracker, type DirStats, type Histogram, settle, type Softwire } from './track/softwires.js';
import type { DirectionSummary, FlowSummary, InputSummary, Report, Severity, SoftwireSummary, ValueCount } from './report/model.js';
import { SEVERITY_RANK } from './report/model.js';
import { VERSION } from './version.js';
import { ICMP6_ERRORS } from './codec/icmp.js';
import { NH_IPV4 } from './codec/ipv6.js';

export interface CheckOptions {
  /** AFTR IPv6 addresses (text); others are inferred. */
  readonly aftrs?: readonly string[];
  readonly failOn?: Severity | 'never';
  readonly maxFlows?: number;
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
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const CATEGORIES: readonly Category[] = ['softwire', 'softwire-fragment', 'ipv6-fragment', 'icmpv6', 'ipv6', 'ipv4', 'arp', 'other', 'unsupported', 'malformed'];
const CATEGORY_INDEX: ReadonlyMap<Category, number> = new Map(CATEGORIES.map((c, i) => [c, i]));

const PROTOCOLS: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };

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

const counts = (h: Histogram): ValueCount[] => (settle(h), h.values).map((value, i) => ({ value, count: h.counts[i]! })).sort((a, b) => a.value - b.value);

const direction = (d: DirStats): DirectionSummary => ({
  packets: d.packets,
  bytes: d.bytes,
  outerFragments: d.outerFragments,
  innerFragments: d.innerFragments,
  maxOuter: d.maxOuter,
  maxInner: d.maxInner,
});

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
    hopLimits: { up: counts(sw.up.hopLimits), down: counts(sw.down.hopLimits) },
    trafficClasses: { up: counts(sw.up.trafficClasses), down: counts(sw.down.trafficClasses) },
    telPackets: sw.up.telPackets + sw.down.telPackets,
    flows: sw.flows,
  };
}

function flowSummary(input: number, f: Flow): FlowSummary {
  return {
    input,
    b4: ip6ToString(f.softwire.b4),
    aftr: ip6ToString(f.softwire.aftr),
    protocol: PROTOCOLS[f.protocol] ?? String(f.protocol),
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

/** Runs the whole pipeline over each input (each with its own state) and builds one report. */
export async function check(paths: readonly string[], opts: CheckOptions = {}): Promise<Report> {
  const configured = parseAftrs(opts.aftrs ?? []);
  const failOn = opts.failOn ?? 'error';
  const top = opts.top ?? 100;
  const config: RuleConfig = {
    mtu: { up: opts.mtuUp ?? opts.mtu, down: opts.mtuDown ?? opts.mtu },
    dfProfile: opts.dfProfile ?? 'rfc6333',
    lanMtu: opts.lanMtu ?? 1500,
  };
  for (const [dir, v] of Object.entries(config.mtu))
    if (v !== undefined && (!Number.isInteger(v) || v < 1280 || v > 65535)) throw new ConfigError(`MTU ${dir} ${v}: an IPv6 link MTU is an integer from 1280 to 65535 (RFC 8200 §5)`);
  const limits: DefragLimits = { ...DEFAULT_LIMITS, ...opts.reassembly };
  const engine = createEngine(opts.rules ?? RULES, { maxFindingsPerRule: opts.maxFindingsPerRule ?? 1000, config, ...(opts.severity && { severity: opts.severity }) });
  const anomalies = createAnomalyLog();
  const inputs: InputSummary[] = [];
  const softwires: SoftwireSummary[] = [];
  const flows: FlowSummary[] = [];
  // Counted by index: a keyed store with ten different string keys per frame goes megamorphic.
  const categoryCounts = new Float64Array(CATEGORIES.length);
  const aftrs = new Map<string, string>();
  const b4s = new Set<string>();
  const warnings: string[] = [];
  let flowTotal = 0;
  let flowEvicted = 0;

  for (const [input, path] of paths.entries()) {
    const tracker = createSoftwireTracker(configured);
    const flowTracker = createFlowTracker({ maxFlows: opts.maxFlows ?? 200_000, top });
    const interfaces: InputSummary['interfaces'][number][] = [];
    const unsupportedReported = new Set<number>();
    let frames = 0;
    let firstSec = -1;
    let firstNsec = 0;
    let lastSec = 0;
    let lastNsec = 0;
    let incomplete = false;
    let drops: number | null = null;

    const onSoftwirePacket = engine.handlers('softwire-packet');
    const onOuterFragment = engine.handlers('outer-fragment');
    const inner = createInnerDefrag(
      limits,
      opts.innerOverlap ?? 'first',
      (datagram) => engine.dispatch({ type: 'inner-datagram', input, datagram }),
      (id, frame) => anomalies.add(input, id, frame),
    );
    const outer = createOuterDefrag(
      limits,
      (datagram) => {
        engine.dispatch({ type: 'outer-datagram', input, datagram });
        // An inner fragment that travelled outer-fragmented joins its group once the outer set is whole.
        const re = datagram.reassembled?.net;
        if (datagram.data && re?.kind === 'ip6' && re.inner && (re.inner.hdr.mf || re.inner.hdr.fragOffset > 0))
          inner.add(datagram.data, re.inner, datagram.softwire, datagram.dir, datagram.set.frames, true, datagram.time);
      },
      (id, frame) => anomalies.add(input, id, frame),
    );
    let nextTick = 0;
    // One mutable event per input (see events.ts): no allocation per softwire packet.
    const meta = { input, frame: 0, time: 0, capLen: 0, origLen: 0, interfaceId: 0 };
    const event: Mutable<SoftwirePacketEvent> = { type: 'softwire-packet', meta, d: undefined!, outer: undefined!, inner: undefined, softwire: undefined!, dir: 'up' };

    const onRecord = (rec: CaptureRecord): void => {
      const now = rec.tsSec + rec.tsNsec / 1e9;
      if (now >= nextTick) {
        outer.tick(now);
        inner.tick(now);
        nextTick = now + 1;
      }
      if (frames++ === 0) {
        firstSec = rec.tsSec;
        firstNsec = rec.tsNsec;
      }
      lastSec = rec.tsSec;
      lastNsec = rec.tsNsec;
      const d = dissect(rec);
      let category = d.category;
      if (d.anomalies.length) for (const a of d.anomalies) anomalies.add(input, a, rec.frame);
      if (category === 'unsupported' && !unsupportedReported.has(rec.interfaceId)) {
        unsupportedReported.add(rec.interfaceId);
        anomalies.add(input, 'capture.unsupported_linktype', rec.frame, `interface ${rec.interfaceId}: link type ${rec.linkType}`);
      }
      const p = d.net;
      if (p?.kind === 'ip6' && (category === 'softwire' || category === 'softwire-fragment' || category === 'ipv6-fragment')) {
        const entry = category === 'ipv6-fragment' ? tracker.lookup(p) : tracker.classify(p, now, rec.frame);
        if (entry) {
          if (category === 'ipv6-fragment') category = 'softwire-fragment';
          const sw = entry.sw;
          tracker.account(entry, p, now, rec.frame);
          // Atomic fragments (offset 0, M = 0) are processed in isolation (RFC 6946 §4).
          const f = p.frag;
          const outerFragment = f !== undefined && (f.offset !== 0 || f.more);
          if (outerFragment) outer.add(rec.data, p, sw, entry.dir, rec.frame, now);
          else if (p.inner && (p.inner.hdr.mf || p.inner.hdr.fragOffset > 0)) inner.add(rec.data, p.inner, sw, entry.dir, [rec.frame], false, now);
          if (p.inner) flowTracker.account(sw, entry.dir, p.inner, now);
          meta.frame = rec.frame;
          meta.time = now;
          meta.capLen = rec.capLen;
          meta.origLen = rec.origLen;
          meta.interfaceId = rec.interfaceId;
          event.d = d;
          event.outer = p;
          event.inner = p.inner;
          event.softwire = sw;
          event.dir = entry.dir;
          for (let i = 0; i < onSoftwirePacket.length; i++) onSoftwirePacket[i]!(event);
          if (f) {
            event.type = 'outer-fragment';
            for (let i = 0; i < onOuterFragment.length; i++) onOuterFragment[i]!(event as OuterFragmentEvent);
            event.type = 'softwire-packet';
          }
        }
      }
      if (category === 'icmpv6' && p?.kind === 'ip6' && p.l4?.kind === 'icmpv6' && p.l4.quoted && ICMP6_ERRORS.has(p.l4.hdr.type)) {
        const q = p.l4.quoted;
        if (q.upper === NH_IPV4 || q.frag)
          engine.dispatch({ type: 'icmpv6-error', meta: { input, frame: rec.frame, time: now, capLen: rec.capLen, origLen: rec.origLen, interfaceId: rec.interfaceId }, outer: p, icmp: p.l4.hdr, quoted: q });
      }
      categoryCounts[CATEGORY_INDEX.get(category)!]! += 1;
    };

    const result = await readCapture(path, {
      onRecord,
      onInterface: (i: CaptureInterface) =>
        interfaces.push({ id: i.id, linkType: i.linkType, linkName: LINK_NAMES[i.linkType] ?? `link type ${i.linkType}`, ...(i.name !== undefined && { name: i.name }), snapLen: i.snapLen }),
      onNotice: (n) => {
        anomalies.add(input, n.id, n.frame, n.detail);
        if (n.fatal || n.id === 'capture.truncated_file') {
          incomplete = true;
          warnings.push(`${opts.names?.[input] ?? path}: ${n.detail}`);
        }
      },
      onStats: (s) => {
        const n = (s.ifDrop ?? 0) + (s.osDrop ?? 0);
        drops = (drops ?? 0) + n;
      },
    });
    outer.finish(lastSec + lastNsec / 1e9);
    inner.finish(lastSec + lastNsec / 1e9);
    tracker.finish();
    engine.dispatch({ type: 'input-end', input, softwires: tracker.all(), configuredAftrs: configured.size });
    for (const sw of tracker.all()) {
      softwires.push(softwireSummary(input, sw, tracker.seen(sw)));
      b4s.add(ip6ToString(sw.b4));
    }
    for (const [a, ev] of tracker.aftrs()) if (!aftrs.has(ip6ToString(a))) aftrs.set(ip6ToString(a), ev);
    for (const f of flowTracker.largest()) flows.push(flowSummary(input, f));
    flowTotal += flowTracker.stats.total;
    flowEvicted += flowTracker.stats.evicted;
    inputs.push({
      file: opts.names?.[input] ?? path,
      format: result.format,
      byteOrder: result.bigEndian ? 'big-endian' : 'little-endian',
      gzip: result.gzip,
      frames,
      bytes: result.bytes,
      interfaces,
      firstSeen: frames ? timeText(firstSec, firstNsec) : null,
      lastSeen: frames ? timeText(lastSec, lastNsec) : null,
      incomplete,
      drops,
    });
  }

  const categories = Object.fromEntries(CATEGORIES.map((c, i) => [c, categoryCounts[i]!])) as Record<Category, number>;
  const findings = [...engine.findings()].sort(
    (a, b) => a.input - b.input || (a.frames[0] ?? 0) - (b.frames[0] ?? 0) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message),
  );
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  const failing = failOn !== 'never' && findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
  const softwireFrames = (categories['softwire'] ?? 0) + (categories['softwire-fragment'] ?? 0);
  const totalFrames = inputs.reduce((n, i) => n + i.frames, 0);
  const listedFlows = [...flows].sort((a, b) => b.up.bytes + b.down.bytes - (a.up.bytes + a.down.bytes) || a.input - b.input);

  return {
    tool: 'dslite-check',
    version: VERSION,
    inputs,
    summary: {
      frames: totalFrames,
      softwireFrames,
      otherFrames: totalFrames - softwireFrames,
      categories,
      softwires: softwires.length,
      b4s: b4s.size,
      aftrs: [...aftrs.entries()].map(([address, evidence]) => ({ address, evidence })).sort((a, b) => a.address.localeCompare(b.address)),
      flows: { total: flowTotal, evicted: flowEvicted, listed: Math.min(top, listedFlows.length) },
      anomalies: anomalies.total(),
      findings: bySeverity,
      suppressedFindings: engine.suppressed(),
      warnings,
      verdict: failing ? 'fail' : 'pass',
      failOn,
    },
    softwires: softwires.sort((a, b) => a.input - b.input || a.b4.localeCompare(b.b4) || a.aftr.localeCompare(b.aftr)),
    flows: listedFlows.slice(0, top),
    anomalies: anomalies.summaries(),
    findings,
  };
}
