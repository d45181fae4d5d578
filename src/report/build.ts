import { VERSION } from '../version.js';
import { judge } from './merge.js';
import { byRule, findingOrder } from '../model/finding-order.js';
import { displayFilter } from '../model/words.js';
import type {
  AnomalySummary,
  CorrelationSummary,
  FileFrames,
  Finding,
  FlowSummary,
  InputSummary,
  NatSummary,
  Report,
  RuleResult,
  SequenceFileSummary,
  Severity,
  SizeHistogram,
  SoftwireSummary,
} from '../model/report.js';

/** What a finished run hands over to become the report: plain values only, no live tracker. */
export interface ReportParts {
  readonly inputs: readonly InputSummary[];
  readonly softwires: readonly SoftwireSummary[];
  /** Each tunnel capture's largest flows; the report keeps the `top` largest of all. */
  readonly flows: readonly FlowSummary[];
  readonly correlation: readonly CorrelationSummary[];
  readonly anomalies: readonly AnomalySummary[];
  readonly anomalyTotal: number;
  readonly findings: readonly Finding[];
  readonly suppressed: Readonly<Record<string, number>>;
  readonly rules: readonly RuleResult[];
  readonly categories: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  /** AFTR address → how it was identified. */
  readonly aftrs: ReadonlyMap<string, string>;
  readonly b4s: number;
  readonly totals: { flows: number; flowsEvicted: number; softwires: number; softwiresEvicted: number };
  readonly sizes: SizeHistogram;
  readonly nat: NatSummary | null;
  readonly gate: { readonly failOn: Severity | 'never'; readonly maxWarnings: number | null };
  readonly dfProfile: 'rfc6333' | 'rfc2473';
  readonly top: number;
}

/** The file of a sequence that holds frame `n` of the sequence (files in reading order, by first frame). */
function fileOf(files: readonly SequenceFileSummary[], n: number): SequenceFileSummary | undefined {
  let lo = 0;
  let hi = files.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (files[mid]!.firstFrame <= n) lo = mid;
    else hi = mid - 1;
  }
  const f = files[lo];
  return f && n >= f.firstFrame && n < f.firstFrame + f.frames ? f : undefined;
}

/** Frames of a file sequence as each file numbers them, file by file. */
function inFiles(frames: readonly number[], files: readonly SequenceFileSummary[]): FileFrames[] {
  const at = new Map<SequenceFileSummary, number[]>();
  for (const n of frames) {
    const file = fileOf(files, n);
    if (!file) continue;
    let list = at.get(file);
    if (!list) at.set(file, (list = []));
    list.push(n - file.firstFrame + 1);
  }
  return [...at].map(([file, own]) => ({ file: file.file, frames: own, filter: displayFilter(own) }));
}

/** A finding whose frames (or counterparts') are in a file sequence also names each file and its own frame numbers. */
function withFiles(f: Finding, inputs: readonly InputSummary[]): Finding {
  const filesOf = (input: number): readonly SequenceFileSummary[] | undefined => inputs[input]?.sequence;
  const own = filesOf(f.input);
  if (!own && !f.related?.some((r) => filesOf(r.input))) return f;
  return {
    ...f,
    ...(own && f.frames.length && { at: inFiles(f.frames, own) }),
    ...(f.related && {
      related: f.related.map((r) => {
        const files = filesOf(r.input);
        return files && r.frames.length ? { ...r, at: inFiles(r.frames, files) } : r;
      }),
    }),
  };
}

/** The report of one run: summary figures, verdict, and every list in its stable order. */
export function buildReport(p: ReportParts): Report {
  const findings = [...p.findings].sort(findingOrder).map((f) => withFiles(f, p.inputs));
  const softwireFrames = (p.categories['softwire'] ?? 0) + (p.categories['softwire-fragment'] ?? 0);
  const totalFrames = p.inputs.reduce((n, i) => n + i.frames, 0);
  const flows = [...p.flows].sort(
    (a, b) => b.up.bytes + b.down.bytes - (a.up.bytes + a.down.bytes) || a.input - b.input,
  );
  return {
    tool: 'dslite-check',
    version: VERSION,
    inputs: p.inputs,
    summary: {
      frames: totalFrames,
      softwireFrames,
      otherFrames: totalFrames - softwireFrames,
      categories: p.categories,
      softwires: p.totals.softwires,
      softwiresEvicted: p.totals.softwiresEvicted,
      b4s: p.b4s,
      aftrs: [...p.aftrs.entries()]
        .map(([address, evidence]) => ({ address, evidence }))
        .sort((a, b) => a.address.localeCompare(b.address)),
      flows: { total: p.totals.flows, evicted: p.totals.flowsEvicted, listed: Math.min(p.top, flows.length) },
      anomalies: p.anomalyTotal,
      ...judge(findings, p.gate),
      suppressedFindings: byRule(p.suppressed),
      warnings: p.warnings,
      failOn: p.gate.failOn,
      maxWarnings: p.gate.maxWarnings,
      baselined: 0,
      dfProfile: p.dfProfile,
    },
    softwires: [...p.softwires].sort(
      (a, b) => a.input - b.input || a.b4.localeCompare(b.b4) || a.aftr.localeCompare(b.aftr),
    ),
    flows: flows.slice(0, p.top),
    anomalies: p.anomalies,
    findings,
    correlation: p.correlation,
    nat: p.nat,
    rules: p.rules,
    sizes: p.sizes,
  };
}
