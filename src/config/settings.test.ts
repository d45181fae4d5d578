import { describe, expect, it } from 'vitest';
import { parseIp4Prefix, parseIp6 } from '../codec/addr.js';
import { RULES } from '../rules/index.js';
import { DEFAULT_TABLES, DEFAULTS, FRAGMENT_SET_LIMITS } from './defaults.js';
import { tableLimits } from './memory.js';
import { resolveSettings } from './settings.js';

describe('resolveSettings', () => {
  it('fills every default from config/defaults.ts when nothing is given', () => {
    const s = resolveSettings(1, {});
    expect(s.rule).toMatchObject({
      mtu: { up: undefined, down: undefined },
      dfProfile: DEFAULTS.dfProfile,
      lanMtu: DEFAULTS.lanMtu,
      matchWindow: DEFAULTS.matchWindow,
      sides: [],
      natPools: [],
    });
    expect(s).toMatchObject({
      innerOverlap: DEFAULTS.innerOverlap,
      memory: DEFAULTS.memory,
      top: DEFAULTS.top,
      failOn: DEFAULTS.failOn,
      maxWarnings: null,
      maxFindingsPerRule: DEFAULTS.maxFindingsPerRule,
      maxBindingsListed: DEFAULTS.maxBindingsListed,
      tables: DEFAULT_TABLES,
    });
    expect(s.reassembly).toEqual({
      maxFragmentSets: DEFAULT_TABLES.maxFragmentSets,
      maxFragmentBytes: DEFAULT_TABLES.maxFragmentBytes,
      ...FRAGMENT_SET_LIMITS,
    });
  });

  it('gives every rule its level and options, the rule’s defaults where none are given', () => {
    const s = resolveSettings(1, { severity: { 'TUN-004': 'info' }, ruleOptions: { 'TUN-004': { minPackets: 7 } } });
    expect(Object.keys(s.severity)).toHaveLength(RULES.length);
    expect(s.severity['TUN-004']).toBe('info');
    expect(s.ruleOptions['TUN-004']).toMatchObject({ minPackets: 7 });
    const frag2 = RULES.find((r) => r.meta.id === 'FRAG-002')!.meta;
    expect(s.severity['FRAG-002']).toBe(frag2.defaultSeverity);
  });

  it('sizes the tables from the memory budget, a table given on its own winning', () => {
    const s = resolveSettings(1, { memory: 512, maxFlows: 1234 });
    expect(s.tables).toEqual({ ...tableLimits(512), maxFlows: 1234 });
    expect(s.reassembly.maxFragmentSets).toBe(tableLimits(512).maxFragmentSets);
  });

  it('parses addresses once: the AFTRs as keys, the prefixes as prefixes, the text kept for the report', () => {
    const s = resolveSettings(1, { aftrs: ['2001:db8::1'], natPools: ['203.0.113.0/24'] });
    expect([...s.aftrs]).toEqual([parseIp6('2001:db8::1')]);
    expect(s.rule.natPools).toEqual([parseIp4Prefix('203.0.113.0/24')]);
    expect(s.text.natPools).toEqual(['203.0.113.0/24']);
  });

  it.each([
    [{ aftrs: ['not-an-address'] }, /--aftr not-an-address: not an IPv6 address/],
    [{ b4Prefixes: ['2001:zz8::/40'] }, /B4 prefix 2001:zz8::\/40: not an IPv6 prefix/],
    [{ natPools: ['300.1.1.0/24'] }, /--nat-pool 300.1.1.0\/24: not an IPv4 prefix/],
    [{ mtu: 1000 }, /MTU up 1000: an IPv6 link MTU is an integer from 1280 to 65535/],
    [{ mtuDown: 1500.5 }, /MTU down 1500.5/],
    [{ matchWindow: 0 }, /match window 0: give seconds above 0, at most 60/],
    [{ matchWindow: 61 }, /match window 61/],
    [{ portQuota: 0 }, /--port-quota 0: a positive number of ports/],
    [{ memory: 100 }, /--memory must be a whole number of MB, at least 192/],
  ])('refuses %j with one line that names the value', (o, message) => {
    expect(() => resolveSettings(1, o)).toThrow(message);
  });

  it('needs exactly one tunnel capture for side captures and interface selection', () => {
    expect(() => resolveSettings(2, { internet: { path: 'i.pcap' } })).toThrow(/one tunnel capture; 2 were given/);
    expect(() => resolveSettings(2, { tunnelInterfaces: ['eth0'] })).toThrow(/one capture; 2 were given/);
    const s = resolveSettings(1, { lan: { path: 'l.pcap', offset: 0.5 }, internet: { path: 'i.pcap' } });
    expect(s.sides.map((x) => x.side)).toEqual(['internet', 'lan']);
    expect(s.rule.sides).toEqual(['internet', 'lan']);
  });
});
