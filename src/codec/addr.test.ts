import { describe, expect, it } from 'vitest';
import { ip4ToString, ip6ToString, isPrivateIp4, parseIp4, parseIp6, parseMac, macToString, readMac } from './addr.js';

describe('IPv6 text', () => {
  it.each([
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:ffff:0000:0000:0000:0001', '2001:db8:0:ffff::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8::ffff:192.0.2.1', '2001:db8::ffff:c000:201'],
    ['127:11:12:13:14:15:16:128', '127:11:12:13:14:15:16:128'],
  ])('%s → %s (RFC 5952)', (input, canonical) => {
    const k = parseIp6(input);
    expect(k).toBeDefined();
    expect(ip6ToString(k!)).toBe(canonical);
  });
  it.each(['', '1:2:3', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '::1.2.3.256'])('rejects %j', (bad) => {
    expect(parseIp6(bad)).toBeUndefined();
  });
});

describe('IPv4', () => {
  it('parses and prints', () => {
    expect(ip4ToString(parseIp4('192.168.1.10')!)).toBe('192.168.1.10');
    expect(parseIp4('256.1.1.1')).toBeUndefined();
    expect(parseIp4('1.2.3')).toBeUndefined();
  });
  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['192.0.0.2', true],
    ['192.0.0.8', false],
    ['198.51.100.1', false],
  ])('%s private per RFC 1918 / RFC 6333 §5.7: %s', (a, yes) => {
    expect(isPrivateIp4(parseIp4(a)!)).toBe(yes);
  });
});

describe('MAC', () => {
  it('reads 48 bits exactly', () => {
    const m = readMac(Buffer.from([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]), 0);
    expect(macToString(m)).toBe('ff:fe:fd:fc:fb:fa');
  });
});

describe('parseMac', () => {
  it('reads colon and dash forms and round-trips with macToString', () => {
    expect(macToString(parseMac('02:00:00:00:FF:01')!)).toBe('02:00:00:00:ff:01');
    expect(parseMac('02-00-00-00-01-02')).toBe(0x020000000102);
    expect(parseMac('02:00:00:00:01')).toBeUndefined();
    expect(parseMac('zz:00:00:00:01:02')).toBeUndefined();
  });
});
