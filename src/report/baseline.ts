import type { Finding } from '../model/report.js';
import { VERSION } from '../version.js';

/**
 * A baseline: the findings a team has accepted, so a gate reports only new ones. Findings
 * match by rule, message kind, softwire and inner flow, never by frame number or capture
 * file, so a re-capture of the same traffic matches; each entry counts how many such findings
 * it covers (one more than that is new).
 */
export interface BaselineEntry {
  readonly rule: string;
  readonly messageId: string;
  readonly softwire?: { readonly b4: string; readonly aftr: string };
  readonly flow?: string;
  readonly count: number;
  /** The first such finding's message, for people reading the file. */
  readonly example: string;
}

export interface Baseline {
  readonly tool: 'dslite-check';
  readonly kind: 'baseline';
  readonly version: string;
  readonly findings: readonly BaselineEntry[];
}

const fingerprint = (f: {
  rule: string;
  messageId: string;
  softwire?: { b4: string; aftr: string } | undefined;
  flow?: string | undefined;
}): string =>
  [f.rule, f.messageId, f.softwire ? `${f.softwire.b4} ${f.softwire.aftr}` : '', f.flow ?? ''].join('\u0000');

export function makeBaseline(findings: readonly Finding[]): Baseline {
  const by = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const k = fingerprint(f);
    const e = by.get(k);
    by.set(
      k,
      e
        ? { ...e, count: e.count + 1 }
        : {
            rule: f.rule,
            messageId: f.messageId,
            ...(f.softwire && { softwire: f.softwire }),
            ...(f.flow !== undefined && { flow: f.flow }),
            count: 1,
            example: f.message,
          },
    );
  }
  const entries = [...by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  return { tool: 'dslite-check', kind: 'baseline', version: VERSION, findings: entries };
}

/** Reads a baseline file's data; undefined when it is not one. */
export function asBaseline(data: unknown): Baseline | undefined {
  const b = data as Partial<Baseline> | null;
  if (!b || b.tool !== 'dslite-check' || b.kind !== 'baseline' || !Array.isArray(b.findings)) return undefined;
  const ok = b.findings.every(
    (e) =>
      e && typeof e.rule === 'string' && typeof e.messageId === 'string' && Number.isInteger(e.count) && e.count > 0,
  );
  return ok ? (b as Baseline) : undefined;
}

/** The findings the baseline does not cover, and how many it did. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
): { findings: Finding[]; matched: number } {
  const left = new Map<string, number>();
  for (const e of baseline.findings) left.set(fingerprint(e), (left.get(fingerprint(e)) ?? 0) + e.count);
  const kept: Finding[] = [];
  let matched = 0;
  for (const f of findings) {
    const k = fingerprint(f);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      matched++;
    } else kept.push(f);
  }
  return { findings: kept, matched };
}
