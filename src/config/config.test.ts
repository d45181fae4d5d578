import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliSettings, effectiveConfig, type FileConfig, optionsFrom, parseConfig } from './config.js';
import { resolveSettings } from './settings.js';

/** Defaults, then the file, then the command line, as --print-config shows them (commands/check.ts composes the same). */
const resolveConfig = (file: string | null, fc: FileConfig, cli: CliSettings) =>
  effectiveConfig(file, cli.baseline ?? fc.baseline ?? null, resolveSettings(1, optionsFrom(fc, cli)));
import { configSchema } from './schema.js';
import { RULES } from '../rules/index.js';

describe('configuration schema', () => {
  it('the committed schema/config.schema.json is the one the rules make (npm run schema rewrites it)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(configSchema());
  });
  it('lists every rule, and options only for rules that have them', () => {
    const rules = (
      configSchema() as {
        properties: { rules: { properties: Record<string, { anyOf: [unknown, { maxItems: number }] }> } };
      }
    ).properties.rules.properties;
    expect(Object.keys(rules).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    expect(rules['TUN-004']!.anyOf[1].maxItems).toBe(2);
    expect(rules['FRAG-002']!.anyOf[1].maxItems).toBe(1);
  });
});

describe('parseConfig', () => {
  it.each([
    [{ rules: { 'FRAG-002': 'error', 'TUN-004': ['warning', { minPackets: 30 }], 'MTU-003': ['off'] } }],
    [
      {
        mtu: { up: 1400 },
        aftr: ['2001:db8::1'],
        b4Prefixes: ['2001:db8:100::/40'],
        natPools: ['203.0.113.0/24'],
        portQuota: 2048,
        maxWarnings: 0,
        $schema: './node_modules/dslite-check/schema/config.schema.json',
      },
    ],
  ])('accepts %j', (c) => {
    expect(parseConfig(c, 'c.json')).toEqual(c);
  });
  it.each([
    [{ mtu: '1500' }, 'c.json: mtu: expected integer'],
    [{ natPools: ['203.0.113.0/24', 'x'] }, 'c.json: natPools[1]: expected match pattern'],
    [{ rules: { 'TUN-004': ['error', { minPackts: 30 }] } }, 'c.json: rules.TUN-004[1].minPackts: unknown setting'],
    [[], 'c.json: (top level): expected object'],
  ])('refuses %j', (c, msg) => {
    expect(() => parseConfig(c, 'c.json')).toThrow(msg);
  });
});

describe('resolveConfig', () => {
  it('defaults, then the file, then the command line', () => {
    const none = resolveConfig(null, {}, {});
    expect(none).toMatchObject({
      configFile: null,
      mtu: { up: null, down: null },
      lanMtu: 1500,
      failOn: 'error',
      maxWarnings: null,
      top: 20,
    });
    const file = resolveConfig(
      'f.json',
      { mtu: 1400, failOn: 'warning', natPools: ['203.0.113.0/24'] },
      { mtuDown: 1500, natPools: ['198.51.100.0/24'] },
    );
    expect(file.mtu).toEqual({ up: 1400, down: 1500 });
    expect(file.failOn).toBe('warning');
    expect(file.natPools).toEqual(['198.51.100.0/24']);
  });
  it('the state tables come from the memory budget; one given on its own wins', () => {
    expect(resolveConfig(null, {}, {})).toMatchObject({
      memory: 256,
      maxSoftwires: 8192,
      maxFlows: 200_000,
      maxBindings: 200_000,
      maxFragmentSets: 8192,
      maxFragmentBytes: 32 << 20,
    });
    const big = resolveConfig('f.json', { memory: 556, maxFlows: 5000 }, {});
    expect(big).toMatchObject({
      memory: 556,
      maxSoftwires: 8192 * 4,
      maxFlows: 5000,
      maxBindings: 800_000,
      maxFragmentSets: 8192 * 4,
    });
    // The command line's budget wins over the file's.
    expect(resolveConfig('f.json', { memory: 556 }, { memory: 306 }).maxFlows).toBe(300_000);
  });
  it('every rule gets its level and options', () => {
    const c = resolveConfig(null, { rules: { 'TUN-004': ['info', { minPackets: 99 }], 'FRAG-002': 'off' } }, {});
    expect(c.rules['TUN-004']).toEqual(['info', { minPackets: 99 }]);
    expect(c.rules['FRAG-002']).toEqual(['off', {}]);
    expect(c.rules['NAT-001']).toEqual(['error', {}]);
    expect(c.rules['MTU-003']).toEqual(['error', { grace: 3 }]);
  });
});
