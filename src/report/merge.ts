import type { Finding, NatSummary, Report, RuleResult, Severity, SoftwireSummary } from '../model/report.js';
import { SEVERITY_RANK, tunnelOf } from '../model/report.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { byRule, findingOrder } from '../model/finding-order.js';

export { findingOrder };

export interface Gate {
  readonly failOn: Severity | 'never';
  readonly maxWarnings: number | null;
}

/** The findings' counts and the verdict they give under the gate. */
export function judge(
  findings: readonly Finding[],
  gate: Gate,
): { findings: Record<Severity, number>; verdict: 'pass' | 'fail' } {
  const by: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) by[f.severity]++;
  const failOn = gate.failOn;
  const failing =
    (failOn !== 'never' && findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn])) ||
    (gate.maxWarnings !== null && by.warning > gate.maxWarnings);
  return { findings: by, verdict: failing ? 'fail' : 'pass' };
}

/**
 * The report with only `findings` left of its own: each rule's result counted again (a rule
 * whose findings were all taken out passed: it had something to judge) and the verdict judged
 * again. What a baseline and a --b4 scope both do.
 */
export function keepFindings(r: Report, findings: readonly Finding[]): Report {
  const left = new Map<string, number>();
  for (const f of findings) {
    const k = `${f.rule}\u0000${tunnelOf(r.inputs, f.input)}`;
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const rules = r.rules.map((x) => ({
    ...x,
    results: x.results.map((res) => {
      if (res.status !== 'failed') return res;
      const n = left.get(`${x.rule}\u0000${res.input}`) ?? 0;
      return n ? { ...res, findings: n } : { input: res.input, status: 'passed' as const, findings: 0 };
    }),
  }));
  return { ...r, findings, rules, summary: { ...r.summary, ...judge(findings, r.summary) } };
}

/**
 * A report with a baseline's findings taken out and counted in `summary.baselined`. One
 * function for a single run and for merged runs, so both come out the same.
 */
export function withBaseline(r: Report, baseline: Baseline): Report {
  const { findings, matched } = applyBaseline(r.findings, baseline);
  const kept = keepFindings(r, findings);
  return { ...kept, summary: { ...kept.summary, baselined: r.summary.baselined + matched } };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function mergeNat(list: readonly (NatSummary | null)[]): NatSummary | null {
  const nats = list.filter((n): n is NatSummary => n !== null);
  if (!nats.length) return null;
  if (nats.length === 1) return nats[0]!;
  return {
    pool: { prefixes: [...new Set(nats.flatMap((n) => n.pool.prefixes))], inferred: nats.some((n) => n.pool.inferred) },
    portQuota: nats[0]!.portQuota,
    bindings: nats.flatMap((n) => n.bindings),
    totals: {
      bindings: sum(nats.map((n) => n.totals.bindings)),
      listed: sum(nats.map((n) => n.totals.listed)),
      evicted: sum(nats.map((n) => n.totals.evicted)),
      unowned: sum(nats.map((n) => n.totals.unowned)),
      unkeyed: sum(nats.map((n) => n.totals.unkeyed)),
    },
    perB4: nats.flatMap((n) => n.perB4),
  };
}

export interface MergeOptions {
  /** Largest inner flows listed (check's --top). */
  readonly top: number;
  /** The gate of the merged report (default: the first report's). */
  readonly gate?: Gate;
}

/**
 * One report from reports made separately (worker threads, other machines): inputs numbered
 * on in the order given, counts summed, lists joined and put in the order one run gives them,
 * the verdict judged again. A run over the same captures gives the same document, but for the
 * per-rule finding limit (applied per run) and AFTR evidence (the first capture's wins).
 */
export function mergeReports(reports: readonly Report[], o: MergeOptions): Report {
  if (!reports.length) throw new Error('no reports to merge');
  const first = reports[0]!;
  const shift: number[] = [];
  let n = 0;
  for (const r of reports) {
    shift.push(n);
    n += r.inputs.length;
  }
  const at = <T extends { input: number }>(x: T, k: number): T => ({ ...x, input: x.input + shift[k]! });
  const findings = reports
    .flatMap((r, k) =>
      r.findings.map((f) => ({ ...at(f, k), ...(f.related && { related: f.related.map((x) => at(x, k)) }) })),
    )
    .sort(findingOrder);
  const softwires: SoftwireSummary[] = reports.flatMap((r, k) => r.softwires.map((s) => at(s, k)));
  const flows = reports
    .flatMap((r, k) => r.flows.map((f) => at(f, k)))
    .sort((a, b) => b.up.bytes + b.down.bytes - (a.up.bytes + a.down.bytes) || a.input - b.input);
  const aftrs = new Map<string, string>();
  for (const r of reports) for (const a of r.summary.aftrs) if (!aftrs.has(a.address)) aftrs.set(a.address, a.evidence);
  const categories: Record<string, number> = {};
  for (const r of reports)
    for (const [c, v] of Object.entries(r.summary.categories)) categories[c] = (categories[c] ?? 0) + v;
  const suppressed: Record<string, number> = {};
  for (const r of reports)
    for (const [id, v] of Object.entries(r.summary.suppressedFindings)) suppressed[id] = (suppressed[id] ?? 0) + v;
  const rules: RuleResult[] = first.rules.map((x) => ({
    ...x,
    results: reports.flatMap((r, k) =>
      (r.rules.find((y) => y.rule === x.rule)?.results ?? []).map((res) => at(res, k)),
    ),
  }));
  const bins = (dir: 'up' | 'down'): { from: number; count: number }[] => {
    const m = new Map<number, number>();
    for (const r of reports) for (const b of r.sizes[dir]) m.set(b.from, (m.get(b.from) ?? 0) + b.count);
    return [...m.entries()].sort(([a], [b]) => a - b).map(([from, count]) => ({ from, count }));
  };
  const gate = o.gate ?? first.summary;
  const frames = sum(reports.map((r) => r.summary.frames));
  const softwireFrames = sum(reports.map((r) => r.summary.softwireFrames));
  return {
    tool: first.tool,
    version: first.version,
    inputs: reports.flatMap((r) => r.inputs),
    summary: {
      frames,
      softwireFrames,
      otherFrames: frames - softwireFrames,
      categories,
      softwires: sum(reports.map((r) => r.summary.softwires)),
      softwiresEvicted: sum(reports.map((r) => r.summary.softwiresEvicted)),
      b4s: new Set(softwires.map((s) => s.b4)).size,
      aftrs: [...aftrs.entries()]
        .map(([address, evidence]) => ({ address, evidence }))
        .sort((a, b) => a.address.localeCompare(b.address)),
      flows: {
        total: sum(reports.map((r) => r.summary.flows.total)),
        evicted: sum(reports.map((r) => r.summary.flows.evicted)),
        listed: Math.min(o.top, flows.length),
      },
      anomalies: sum(reports.map((r) => r.summary.anomalies)),
      ...judge(findings, gate),
      suppressedFindings: byRule(suppressed),
      warnings: reports.flatMap((r) => r.summary.warnings),
      failOn: gate.failOn,
      maxWarnings: gate.maxWarnings,
      baselined: sum(reports.map((r) => r.summary.baselined)),
      dfProfile: first.summary.dfProfile,
    },
    softwires,
    flows: flows.slice(0, o.top),
    anomalies: reports.flatMap((r, k) => r.anomalies.map((a) => at(a, k))),
    findings,
    correlation: reports.flatMap((r, k) =>
      r.correlation.map((c) => ({ ...c, tunnelInput: c.tunnelInput + shift[k]!, input: c.input + shift[k]! })),
    ),
    nat: mergeNat(reports.map((r) => r.nat)),
    rules,
    sizes: { binWidth: first.sizes.binWidth, linkMtu: first.sizes.linkMtu, up: bins('up'), down: bins('down') },
  };
}
