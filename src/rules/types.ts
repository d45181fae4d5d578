import type { Confidence, Severity } from '../report/model.js';
import type { EventType, PipelineEvent } from '../track/events.js';

export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY' | 'format' | 'advisory';
/** Capture points and inputs a rule needs (catalogue §1.3). */
export type Need = 'T' | 'N' | 'L' | 'C';

export interface RfcRef {
  readonly document: string;
  readonly section: string;
}

export interface RuleMeta {
  /** Catalogue ID, verbatim from spec/rules.md. */
  readonly id: string;
  readonly title: string;
  readonly rfc: readonly RfcRef[];
  readonly level: Level;
  /** D decidable, H heuristic, I informational (catalogue §4). */
  readonly kind: 'D' | 'H' | 'I';
  readonly needs: readonly Need[];
  readonly defaultSeverity: Severity;
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
}

export interface ReportDescriptor {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly frames: readonly number[];
  readonly input: number;
  readonly confidence: Confidence;
  /** Overrides the rule's default severity (e.g. info for tolerated behaviour). */
  readonly severity?: Severity;
}

export interface RuleContext {
  report(d: ReportDescriptor): void;
}

export type Handlers = { readonly [K in EventType]?: (e: Extract<PipelineEvent, { type: K }>) => void };

export interface Rule {
  readonly meta: RuleMeta;
  create(context: RuleContext): Handlers;
}

export function rfcText(refs: readonly RfcRef[]): string {
  return refs.map((r) => `RFC ${r.document} ${r.section}`).join('; ');
}
