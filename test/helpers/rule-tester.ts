import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../../src/check.js';
import type { Rule } from '../../src/rules/types.js';
import { reportValidator } from '../../src/report/json.js';
import type { Confidence, Severity } from '../../src/model/report.js';
import { catalogueRows } from '../../src/rules/catalogue.js';
import { fixture, ROOT } from './fixtures.js';

export interface RuleCase {
  readonly file: string;
  readonly options?: CheckOptions;
}
export interface ExpectedFinding {
  readonly messageId: string;
  readonly frames: readonly number[];
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  readonly message?: RegExp;
  /** The capture the frames belong to (default: the first). */
  readonly input?: number;
  readonly related?: readonly { readonly input: number; readonly frames: readonly number[] }[];
}

/** The catalogue's row for a rule (docs/rules-catalogue.md, or docs/project-rules.md for the capture's own rules). */
function catalogueRow(id: string): { title: string; source: string; level: string } | undefined {
  const row = catalogueRows().find((r) => r.id === id);
  return row && { title: row.title, source: row.sources, level: row.level };
}

/**
 * ESLint-style rule tester: checks the rule's metadata against the catalogue, that valid
 * captures produce none of its findings, and that invalid ones produce exactly the listed
 * findings (message id, frames, severity, confidence), with JSON that validates.
 */
/** Catalogue §2 ("Numbers the checker needs"): RFC 2473 §5, RFC 6333 §5.2, §5.3, §6.2, RFC 6691 §2. */
const CATALOGUE_SECTION_2_RFCS = 'RFC 2473 RFC 6333 RFC 6691';

export function ruleTester(
  rule: Rule,
  cases: { valid: readonly RuleCase[]; invalid: readonly (RuleCase & { errors: readonly ExpectedFinding[] })[] },
): void {
  const meta = rule.meta;
  describe(`${meta.id} metadata`, () => {
    it('lives in a file named by its ID', () => {
      expect(existsSync(join(ROOT, 'src', 'rules', `${meta.id}.ts`))).toBe(true);
    });
    it('matches the catalogue row (title, RFC documents)', () => {
      const row = catalogueRow(meta.id);
      expect(row, `${meta.id} not in docs/rules-catalogue.md nor docs/project-rules.md`).toBeDefined();
      expect(meta.title).toBe(row!.title);
      // An advisory whose row cites field reports only rests on the numbers of catalogue §2, taken from these RFCs.
      const cited =
        meta.level === 'advisory' && !/RFC \d/.test(row!.source)
          ? `${row!.source} ${CATALOGUE_SECTION_2_RFCS}`
          : row!.source;
      for (const r of meta.rfc) expect(cited, `RFC ${r.document} cited by the catalogue`).toContain(r.document);
      expect(meta.rfc.length).toBeGreaterThan(0);
      for (const r of meta.rfc) expect(r.section).toMatch(/^(§[0-9A-Z.]+|App\. [A-Z]|[A-Z]+-\d+|EID \d+)/);
    });
    it('has message templates', () => {
      expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
      for (const m of Object.values(meta.messages)) expect(m.length).toBeGreaterThan(10);
    });
  });

  describe(`${meta.id} cases`, () => {
    it.each(cases.valid.map((c) => [c.file, c] as const))('valid: %s', async (_f, c) => {
      const r = await check([fixture(c.file)], { ...c.options, rules: [rule] });
      expect(r.findings.filter((f) => f.rule === meta.id)).toEqual([]);
    });
    it.each(cases.invalid.map((c) => [c.file, c] as const))('invalid: %s', async (_f, c) => {
      const r = await check([fixture(c.file)], { ...c.options, rules: [rule] });
      const validate = reportValidator();
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
      const got = r.findings.filter((f) => f.rule === meta.id);
      expect(got.map((f) => ({ messageId: f.messageId, frames: f.frames }))).toEqual(
        c.errors.map((e) => ({ messageId: e.messageId, frames: e.frames })),
      );
      got.forEach((f, i) => {
        const e = c.errors[i]!;
        expect(f.severity).toBe(e.severity ?? meta.defaultSeverity);
        if (e.confidence) expect(f.confidence).toBe(e.confidence);
        if (e.message) expect(f.message).toMatch(e.message);
        expect(f.input).toBe(e.input ?? 0);
        expect(f.related?.map((x) => ({ input: x.input, frames: x.frames }))).toEqual(e.related);
        for (const x of [f, ...(f.related ?? [])]) expect(x.filter === '').toBe(x.frames.length === 0);
        expect(f.rfc).toMatch(/^RFC \d+ /);
        expect(f.message).not.toMatch(/\{\w+\}/);
      });
    });
  });
}
