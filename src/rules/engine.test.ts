import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import type { Rule } from './types.js';
import type { PipelineEvent } from '../track/events.js';

const rule = (reports: number, suppress: number): Rule => ({
  meta: {
    id: 'FRAG-001',
    title: 't',
    docs: 't',
    rfc: [{ document: '6333', section: '§5.3' }],
    level: 'MUST',
    kind: 'decidable',
    needs: ['tunnel'],
    defaultSeverity: 'error',
    messages: { m: 'finding number {n}' },
  },
  create(context) {
    return {
      'input-end'() {
        for (let n = 0; n < reports; n++)
          context.report({ messageId: 'm', data: { n }, frames: [n + 1], input: 0, confidence: 'confirmed' });
        context.suppress(suppress);
      },
    };
  },
});

/** The end of an empty tunnel input: what makes the test rules report. */
const INPUT_END: PipelineEvent = {
  type: 'input-end',
  input: 0,
  softwires: [],
  configuredAftrs: 0,
  frames: 0,
  incomplete: false,
  linkMtu: { up: [], down: [] },
};

describe('engine', () => {
  it('counts findings past the per-rule limit and those a rule could not keep as suppressed', () => {
    const engine = createEngine([rule(5, 3)], { maxFindingsPerRule: 2 });
    engine.dispatch(INPUT_END);
    expect(engine.findings().map((f) => f.message)).toEqual(['finding number 0', 'finding number 1']);
    expect(engine.suppressed()).toEqual({ 'FRAG-001': 6 });
  });
  it('a possible MUST violation is a warning', () => {
    const r: Rule = {
      ...rule(0, 0),
      create: (c) => ({
        'input-end': () => c.report({ messageId: 'm', data: { n: 1 }, frames: [1], input: 0, confidence: 'possible' }),
      }),
    };
    const engine = createEngine([r], { maxFindingsPerRule: 10 });
    engine.dispatch(INPUT_END);
    expect(engine.findings()[0]).toMatchObject({ severity: 'warning', confidence: 'possible' });
    expect(engine.suppressed()).toEqual({});
  });
  it("a finding reported above or below its rule's default keeps that level when the default is named (as the CLI names every rule's), and follows a real override", () => {
    const r: Rule = {
      ...rule(0, 0),
      meta: { ...rule(0, 0).meta, defaultSeverity: 'info' },
      create: (c) => ({
        'input-end': () =>
          c.report({
            messageId: 'm',
            data: { n: 1 },
            frames: [1],
            input: 0,
            confidence: 'confirmed',
            severity: 'warning',
          }),
      }),
    };
    const level = (severity?: Record<string, 'error' | 'warning' | 'info' | 'off'>): string | undefined => {
      const engine = createEngine([r], { maxFindingsPerRule: 10, ...(severity && { severity }) });
      engine.dispatch(INPUT_END);
      return engine.findings()[0]?.severity;
    };
    expect(level()).toBe('warning');
    expect(level({ 'FRAG-001': 'info' })).toBe('warning');
    expect(level({ 'FRAG-001': 'error' })).toBe('error');
    expect(level({ 'FRAG-001': 'off' })).toBeUndefined();
  });
  it('keeps the findings that sort first, whatever order they were reported in, and counts the rest', () => {
    const kept = (order: number[]): number[] => {
      const r: Rule = {
        ...rule(0, 0),
        create: (c) => ({
          'input-end': () => {
            for (const n of order)
              c.report({ messageId: 'm', data: { n }, frames: [n], input: 0, confidence: 'confirmed' });
          },
        }),
      };
      const engine = createEngine([r], { maxFindingsPerRule: 2 });
      engine.dispatch(INPUT_END);
      expect(engine.suppressed()).toEqual({ 'FRAG-001': order.length - 2 });
      return engine.findings().map((f) => f.frames[0]!);
    };
    expect(kept([5, 4, 3, 2, 1]).sort()).toEqual([1, 2]);
    expect(kept([1, 2, 3, 4, 5]).sort()).toEqual([1, 2]);
    expect(kept([3, 5, 1, 4, 2]).sort()).toEqual([1, 2]);
  });
  it('atLimit is true only for a finding that sorts after as many kept ones as the report keeps', () => {
    const seen: boolean[] = [];
    const r: Rule = {
      ...rule(0, 0),
      create: (c) => ({
        'input-end': () => {
          seen.push(c.atLimit(0, [9]));
          // Four reports, twice the limit: the two that sort first (frames 7 and 8) are kept.
          for (const n of [10, 9, 8, 7])
            c.report({ messageId: 'm', data: { n }, frames: [n], input: 0, confidence: 'confirmed' });
          seen.push(c.atLimit(0, [9]), c.atLimit(0, [8]), c.atLimit(0, [12, 3]), c.atLimit(1, [1]));
        },
      }),
    };
    const engine = createEngine([r], { maxFindingsPerRule: 2 });
    engine.dispatch(INPUT_END);
    expect(seen).toEqual([false, true, false, false, true]);
    expect(engine.findings().map((f) => f.frames[0])).toEqual([7, 8]);
  });
});
