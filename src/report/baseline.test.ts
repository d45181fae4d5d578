import { describe, expect, it } from 'vitest';
import { applyBaseline, asBaseline, makeBaseline } from './baseline.js';
import type { Finding } from '../model/report.js';

const f = (rule: string, frames: number[], flow?: string, message = `${rule} at ${frames.join(',')}`): Finding => ({
  rule,
  severity: 'error',
  confidence: 'confirmed',
  input: 0,
  frames,
  message,
  rfc: 'RFC 6333 §5.3',
  messageId: 'm',
  filter: '',
  softwire: { b4: '2001:db8:1::2', aftr: '2001:db8::1' },
  ...(flow && { flow }),
});

describe('baselines', () => {
  it('match by rule, message kind, softwire and flow, never by frames or message text', () => {
    const b = makeBaseline([f('FRAG-002', [5, 6], 'udp a ⇄ b'), f('FRAG-002', [9], 'udp a ⇄ b'), f('NAT-001', [3])]);
    expect(b.findings.map((e) => [e.rule, e.count])).toEqual([
      ['FRAG-002', 2],
      ['NAT-001', 1],
    ]);
    const r = applyBaseline(
      [f('FRAG-002', [50, 60], 'udp a ⇄ b', 'other words'), f('NAT-001', [30]), f('FRAG-002', [7], 'udp c ⇄ d')],
      b,
    );
    expect(r.matched).toBe(2);
    expect(r.findings.map((x) => x.flow)).toEqual(['udp c ⇄ d']);
  });
  it('counts: one more than the baseline holds is new', () => {
    const b = makeBaseline([f('NAT-001', [3])]);
    const r = applyBaseline([f('NAT-001', [3]), f('NAT-001', [4])], b);
    expect(r.matched).toBe(1);
    expect(r.findings.map((x) => x.frames)).toEqual([[4]]);
  });
  it('recognises only baseline files', () => {
    expect(asBaseline(makeBaseline([]))).toBeDefined();
    expect(asBaseline({ tool: 'dslite-check', kind: 'report', findings: [] })).toBeUndefined();
    expect(
      asBaseline({ tool: 'dslite-check', kind: 'baseline', findings: [{ rule: 'X', messageId: 'm', count: 0 }] }),
    ).toBeUndefined();
    expect(asBaseline(null)).toBeUndefined();
  });
});
