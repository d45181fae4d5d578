import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLES, DEFAULTS, MIN_MEMORY_MB } from './defaults.js';
import { tableLimits } from './memory.js';

describe('tables from the memory budget', () => {
  it('the default budget gives the default tables', () => {
    expect(tableLimits(DEFAULTS.memory)).toEqual(DEFAULT_TABLES);
  });
  it('scales every table with what the runtime leaves, never below its floor', () => {
    const big = tableLimits(1024);
    expect(big.maxSoftwires).toBe(Math.floor(8192 * (1 + (1024 - 256) / 100)));
    expect(big.maxFragmentBytes).toBeGreaterThan(DEFAULT_TABLES.maxFragmentBytes * 5);
    const small = tableLimits(MIN_MEMORY_MB);
    expect(small.maxFlows).toBe(117_948);
    expect(small.maxSoftwires).toBeLessThan(DEFAULT_TABLES.maxSoftwires);
    expect(tableLimits(100)).toMatchObject({ maxSoftwires: 16, maxFlows: 1_000, maxFragmentSets: 64 });
  });
});
