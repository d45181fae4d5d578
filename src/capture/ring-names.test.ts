import { describe, expect, it } from 'vitest';
import { isPattern, matchPattern, ringForm } from './ring-names.js';

describe('ringForm: the names rotating capture tools write', () => {
  it.each([
    [['d/ring_00001_20261207220000.pcapng', 'd/ring_00002_20261207220500.pcapng'], 'dumpcap'],
    [['out_00000_20261207220000.pcap', 'out_00001_20261207220000.pcap'], 'dumpcap'],
    [['trace.pcap', 'trace.pcap1', 'trace.pcap2'], 'tcpdump-C'],
    [['trace.pcap0', 'trace.pcap1', 'trace.pcap2'], 'tcpdump-C'],
    [['a/dump-20261207-2200.pcap', 'a/dump-20261207-2300.pcap'], 'tcpdump-G'],
    [['x_2026-12-07_22:00.pcap', 'x_2026-12-08_00:00.pcap'], 'tcpdump-G'],
  ])('%j is one capture (%s)', (names, form) => {
    expect(ringForm(names)).toBe(form);
  });

  it.each([
    [['only_00001_20261207220000.pcapng']],
    [['a.pcap', 'b.pcap']],
    [['day1.pcap', 'day2.pcap']],
    [['trace.pcap1', 'other.pcap2']],
    [['d1/ring_00001_20261207220000.pcapng', 'd2/ring_00002_20261207220500.pcapng']],
    [['trace.pcap1', 'trace.pcap1']],
    [['-', 'trace.pcap1']],
    [['dump-20261207.pcap', 'dump-20261208.pcapng']],
  ])('%j is not', (names) => {
    expect(ringForm(names)).toBeUndefined();
  });
});

describe('matchPattern: a side capture given as a quoted pattern', () => {
  const list = (): string[] => [
    'trace.pcap',
    'trace.pcap1',
    'trace.pcap2',
    '.trace.pcap3',
    'other.pcap',
    'ring_1.pcapng',
  ];
  it.each([
    ['d/trace.pcap*', ['d/trace.pcap', 'd/trace.pcap1', 'd/trace.pcap2']],
    ['trace.pcap?', ['trace.pcap1', 'trace.pcap2']],
    ['d/trace.pcap[2-9]', ['d/trace.pcap2']],
    ['d/trace.pcap[!2]', ['d/trace.pcap1']],
    ['d/*.pcapng', ['d/ring_1.pcapng']],
    ['d/.*', ['d/.trace.pcap3']],
    ['d/nothing*', []],
  ])('%s', (pattern, files) => {
    expect(matchPattern(pattern, list)).toEqual(files);
  });

  it('knows a pattern from a path', () => {
    expect(isPattern('d/trace.pcap*')).toBe(true);
    expect(isPattern('d*/trace.pcap')).toBe(false);
    expect(isPattern('trace.pcap')).toBe(false);
  });
});
