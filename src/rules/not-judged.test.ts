import { describe, expect, it } from 'vitest';
import { catalogueRows } from './catalogue.js';
import { RULES } from './index.js';
import { NOT_JUDGED } from './not-judged.js';

describe('every catalogue entry is judged or explained', () => {
  const ids = catalogueRows().map((r) => r.id);
  const judged = new Set(RULES.map((r) => r.meta.id));
  it("reads the whole catalogue: 66 rules, four B4 entries, twelve advisories, and the project's capture and attack rules", () => {
    expect(ids.filter((id) => !/^(B4|ADV|CAP|ATK)-/.test(id))).toHaveLength(66);
    expect(ids.filter((id) => id.startsWith('B4-'))).toEqual(['B4-001', 'B4-002', 'B4-003', 'B4-004']);
    expect(ids.filter((id) => id.startsWith('ADV-'))).toHaveLength(12);
    expect(ids.filter((id) => id.startsWith('CAP-'))).toEqual(['CAP-001', 'CAP-002']);
    expect(ids.filter((id) => id.startsWith('ATK-'))).toEqual(['ATK-001', 'ATK-002']);
  });
  it('no ID is silently absent: each is a rule or has a reason, never both', () => {
    for (const id of ids) expect(judged.has(id) !== id in NOT_JUDGED, id).toBe(true);
  });
  it('every rule and every reason names a catalogue ID', () => {
    for (const id of [...judged, ...Object.keys(NOT_JUDGED)]) expect(ids, id).toContain(id);
  });
});
