import { type Finding, type Severity, SEVERITY_RANK } from '../model/report.js';
import type { Audience, EventMap, EventSink, EventType, PipelineEvent } from '../track/events.js';
import { softwireText, subjectOf } from './subject.js';
import {
  DEFAULT_RULE_CONFIG,
  type RuleContext,
  type Rule,
  type RuleConfig,
  type RuleMeta,
  type ReportDescriptor,
  rfcText,
} from './types.js';
import { agree, displayFilter } from '../model/words.js';
import { createCoverageBook } from './two-point.js';
import { keepFirst } from '../model/finding-order.js';

/**
 * A rule's kept findings: the `max` that sort first (keepFirst), whatever order they were
 * found in, so that shards' findings merge into exactly one run's. Up to twice `max` are held
 * between cuts; `cutoff` is the last kept after a cut: a later finding of the same capture
 * whose first frame is past it cannot be kept and is only counted.
 */
interface Kept {
  readonly rule: string;
  list: Finding[];
  cutoff: Finding | undefined;
}

/** Whether a finding at (input, first frame) sorts after the cutoff whatever its words. */
const pastCutoff = (k: Kept, input: number, first: number): boolean =>
  k.cutoff !== undefined && (input > k.cutoff.input || (input === k.cutoff.input && first > k.cutoff.frames[0]!));

export interface EngineOptions {
  /** Findings kept per rule; the rest are counted. Keeps memory flat on pathological captures. */
  readonly maxFindingsPerRule: number;
  /** Severity overrides (or 'off') by rule ID. */
  readonly severity?: Readonly<Record<string, Severity | 'off'>>;
  readonly config?: RuleConfig;
  /** Rule options by rule ID (validated by the configuration's schema). */
  readonly options?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** A shard other than the first leaves out the capture-wide rules (RuleMeta.scope): the first judges them. */
  readonly captureRules?: boolean;
}

/** A rule's options: its defaults, overridden by what the configuration gives. */
export function ruleOptions(
  meta: RuleMeta,
  given: Readonly<Record<string, number>> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, o] of Object.entries(meta.options ?? {})) out[k] = given?.[k] ?? o.default;
  return out;
}

/**
 * The rules' engine: an event sink (`enter` also names the softwire and flow of the findings a
 * per-packet handler reports, and counts the event as seen) that keeps what the rules found.
 */
export interface Engine extends EventSink {
  /** The event types a rule's handlers take (undefined for a rule turned off). */
  listensTo(id: string): readonly string[] | undefined;
  /** Events of each type delivered so far, by input (what a rule had to judge). */
  seen(input: number): Readonly<Record<string, number>>;
  findings(): Finding[];
  suppressed(): Record<string, number>;
}

export function formatMessage(meta: RuleMeta, d: ReportDescriptor): string {
  const tpl = meta.messages[d.messageId];
  if (tpl === undefined) throw new Error(`${meta.id}: unknown messageId ${d.messageId}`);
  return agree(
    tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = d.data?.[k];
      if (v === undefined) throw new Error(`${meta.id}/${d.messageId}: no value for {${k}}`);
      return String(v);
    }),
  );
}

/**
 * A configured level replaces the rule's default; what the rule itself reports below its
 * default (tolerated behaviour, as info) stays below, at most the configured level.
 */
function configuredSeverity(base: Severity, override: Severity | undefined, reported: Severity | undefined): Severity {
  // The CLI names every rule's level, defaults included: a default named is no override, so a
  // finding the rule reports above or below its default keeps its level, as through the API.
  if (override === undefined || override === base) return reported ?? base;
  if (reported !== undefined && SEVERITY_RANK[reported] < SEVERITY_RANK[base])
    return SEVERITY_RANK[reported] < SEVERITY_RANK[override] ? reported : override;
  return override;
}

/** Catalogue §1.2: a MUST rule found only `possible` is reported as a warning at most. */
function effectiveSeverity(s: Severity, d: ReportDescriptor): Severity {
  return s === 'error' && d.confidence === 'possible' ? 'warning' : s;
}

export function createEngine(rules: readonly Rule[], opts: EngineOptions): Engine {
  const kept: Kept[] = [];
  const max = Math.max(0, opts.maxFindingsPerRule);
  const suppressed: Record<string, number> = {};
  /** A rule's findings cut to the limit: the last kept becomes its cutoff, those dropped are counted. */
  const cut = (k: Kept): void => {
    const dropped = keepFirst(k.list, max);
    if (!dropped) return;
    k.cutoff = k.list[max - 1];
    suppressed[k.rule] = (suppressed[k.rule] ?? 0) + dropped;
  };
  // Handlers by audience, then by event type.
  const byType: Record<Audience, Map<string, ((e: PipelineEvent) => void)[]>> = {
    all: new Map(),
    softwire: new Map(),
    capture: new Map(),
  };
  const typesOf = new Map<string, string[]>();
  let current: PipelineEvent | undefined;
  const coverage = createCoverageBook();
  const seen: Record<string, number>[] = [];
  // The per-packet pair counted in two fields, not a keyed store per packet.
  const hot: { input: number; packets: number; fragments: number }[] = [];
  const countsOf = (input: number): Record<string, number> => (seen[input] ??= {});
  const inputOf = (e: PipelineEvent): number => {
    switch (e.type) {
      case 'softwire-packet':
      case 'outer-fragment':
      case 'icmpv6-error':
        return e.meta.input;
      case 'outer-datagram':
      case 'inner-datagram':
      case 'input-end':
        return e.input;
      case 'correlation-end':
        return e.tunnelInput;
      default:
        // Two-point events belong to the one tunnel capture's run.
        return 0;
    }
  };

  for (const rule of rules) {
    const override = opts.severity?.[rule.meta.id];
    if (override === 'off') continue;
    const meta = rule.meta;
    if (meta.scope === 'capture' && opts.captureRules === false) continue;
    const rfc = rfcText(meta.rfc);
    const own: Kept = { rule: meta.id, list: [], cutoff: undefined };
    kept.push(own);
    const context: RuleContext = {
      config: opts.config ?? DEFAULT_RULE_CONFIG,
      options: ruleOptions(meta, opts.options?.[meta.id]),
      coverage: (side, of = 'tunnel') => coverage.of(side, of),
      suppress(count) {
        if (count > 0) suppressed[meta.id] = (suppressed[meta.id] ?? 0) + count;
      },
      atLimit: (input, frames) => max === 0 || pastCutoff(own, input, frames.length ? Math.min(...frames) : 0),
      report(d) {
        const frames = [...d.frames].sort((a, b) => a - b);
        if (max === 0 || pastCutoff(own, d.input, frames[0] ?? 0)) {
          suppressed[meta.id] = (suppressed[meta.id] ?? 0) + 1;
          return;
        }
        const subject = subjectOf(current);
        const softwire = d.softwire ? softwireText(d.softwire) : subject.softwire;
        own.list.push({
          rule: meta.id,
          severity: effectiveSeverity(configuredSeverity(meta.defaultSeverity, override, d.severity), d),
          confidence: d.confidence,
          input: d.input,
          frames,
          message: formatMessage(meta, d),
          rfc,
          messageId: d.messageId,
          ...(d.related?.length && {
            related: d.related.map((r) => {
              const rf = [...new Set(r.frames)].sort((a, b) => a - b);
              return { input: r.input, frames: rf, filter: displayFilter(rf) };
            }),
          }),
          filter: displayFilter(frames),
          ...(softwire && { softwire }),
          ...(subject.flow !== undefined && { flow: subject.flow }),
          ...(subject.layout && { layout: subject.layout }),
        });
        if (own.list.length >= 2 * max) cut(own);
      },
    };
    const handlers = rule.create(context);
    typesOf.set(meta.id, Object.keys(handlers));
    for (const [type, h] of Object.entries(handlers)) {
      if (!h) continue;
      for (const to of ['all', meta.scope ?? 'softwire'] as const) {
        let list = byType[to].get(type);
        if (!list) byType[to].set(type, (list = []));
        list.push(h as (e: PipelineEvent) => void);
      }
    }
  }

  /** Each rule's findings cut to the limit (those past it counted as suppressed). */
  const settle = (): void => kept.forEach(cut);

  return {
    dispatch(e, to = 'all') {
      if (to !== 'capture') {
        const c = countsOf(inputOf(e));
        c[e.type] = (c[e.type] ?? 0) + 1;
      }
      const list = byType[to].get(e.type);
      if (list) {
        const previous = current;
        current = e;
        try {
          for (const h of list) h(e);
        } finally {
          current = previous;
        }
      }
      // After the rules: a watch taken during this event answers as of before it (see createCoverageBook).
      if (e.type === 'pair' || e.type === 'unpaired') coverage.note(e);
      else if (e.type === 'correlation-end') coverage.end(e.side);
    },
    enter(e, counted = true) {
      current = e;
      if (!counted) return;
      const i = e.meta.input;
      const h = (hot[i] ??= { input: i, packets: 0, fragments: 0 });
      if (e.type === 'softwire-packet') h.packets++;
      else h.fragments++;
    },
    listensTo: (id) => typesOf.get(id),
    seen(input) {
      const h = hot[input];
      return { ...seen[input], ...(h && { 'softwire-packet': h.packets, 'outer-fragment': h.fragments }) };
    },
    handlers: <K extends EventType>(type: K, to: Audience = 'all') =>
      (byType[to].get(type) ?? []) as unknown as readonly ((e: EventMap[K]) => void)[],
    findings() {
      settle();
      return kept.flatMap((k) => k.list);
    },
    suppressed() {
      settle();
      return suppressed;
    },
  };
}
