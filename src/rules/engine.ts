import type { Finding, Severity } from '../report/model.js';
import type { EventMap, EventType, PipelineEvent } from '../track/events.js';
import { DEFAULT_RULE_CONFIG, type Rule, type RuleConfig, type RuleMeta, type ReportDescriptor, rfcText } from './types.js';

export interface EngineOptions {
  /** Findings kept per rule; the rest are counted. Keeps memory flat on pathological captures. */
  readonly maxFindingsPerRule: number;
  /** Severity overrides (or 'off') by rule ID. */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  readonly config?: RuleConfig;
}

export interface Engine {
  dispatch(e: PipelineEvent): void;
  /** The handlers of one event type, for a caller that dispatches that type per packet. */
  handlers<K extends EventType>(type: K): readonly ((e: EventMap[K]) => void)[];
  findings(): Finding[];
  suppressed(): Record<string, number>;
}

export function formatMessage(meta: RuleMeta, d: ReportDescriptor): string {
  const tpl = meta.messages[d.messageId];
  if (tpl === undefined) throw new Error(`${meta.id}: unknown messageId ${d.messageId}`);
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = d.data?.[k];
    if (v === undefined) throw new Error(`${meta.id}/${d.messageId}: no value for {${k}}`);
    return String(v);
  });
}

/** Catalogue §1.2: a MUST rule found only `possible` is reported as a warning at most. */
function effectiveSeverity(s: Severity, d: ReportDescriptor): Severity {
  return s === 'error' && d.confidence === 'possible' ? 'warning' : s;
}

export function createEngine(rules: readonly Rule[], opts: EngineOptions): Engine {
  const findings: Finding[] = [];
  const counts = new Map<string, number>();
  const suppressed: Record<string, number> = {};
  const byType = new Map<string, ((e: PipelineEvent) => void)[]>();

  for (const rule of rules) {
    const override = opts.severity?.[rule.meta.id];
    if (override === 'off') continue;
    const meta = rule.meta;
    const rfc = rfcText(meta.rfc);
    const handlers = rule.create({
      config: opts.config ?? DEFAULT_RULE_CONFIG,
      suppress(count) {
        if (count > 0) suppressed[meta.id] = (suppressed[meta.id] ?? 0) + count;
      },
      report(d) {
        const n = counts.get(meta.id) ?? 0;
        if (n >= opts.maxFindingsPerRule) {
          suppressed[meta.id] = (suppressed[meta.id] ?? 0) + 1;
          return;
        }
        counts.set(meta.id, n + 1);
        findings.push({
          rule: meta.id,
          severity: effectiveSeverity(d.severity ?? override ?? meta.defaultSeverity, d),
          confidence: d.confidence,
          input: d.input,
          frames: [...d.frames].sort((a, b) => a - b),
          message: formatMessage(meta, d),
          rfc,
          messageId: d.messageId,
          ...(d.related?.length && { related: d.related.map((r) => ({ input: r.input, frames: [...new Set(r.frames)].sort((a, b) => a - b) })) }),
        });
      },
    });
    for (const [type, h] of Object.entries(handlers)) {
      if (!h) continue;
      let list = byType.get(type);
      if (!list) byType.set(type, (list = []));
      list.push(h as (e: PipelineEvent) => void);
    }
  }

  return {
    dispatch(e) {
      const list = byType.get(e.type);
      if (list) for (const h of list) h(e);
    },
    handlers: <K extends EventType>(type: K) => (byType.get(type) ?? []) as unknown as readonly ((e: EventMap[K]) => void)[],
    findings: () => findings,
    suppressed: () => suppressed,
  };
}
