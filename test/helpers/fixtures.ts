import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'fixtures', 'pcaps');

/** Every capture file under fixtures/pcaps, as paths relative to the repository root. */
export function captureFixtures(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...captureFixtures(p));
    else if (/\.(pcap|pcapng|pcap\.gz)$/.test(name)) out.push(relative(ROOT, p));
  }
  return out;
}

export const fixture = (rel: string): string => join(FIXTURES, rel);

/** Options correlating `twopoint/<name>-tunnel.<ext>` with its Internet or LAN side (give the tunnel file as the case's file). */
export const sideOf = (
  name: string,
  side: 'internet' | 'lan',
  ext = 'pcap',
  more: Record<string, unknown> = {},
): Record<string, unknown> => ({
  [side]: { path: fixture(`twopoint/${name}-${side}.${ext}`) },
  ...more,
});

/** Options correlating `nat/<name>-tunnel.pcap` with its Internet side (give the tunnel file as the case's file). */
export const natSide = (name: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  internet: { path: fixture(`nat/${name}-internet.pcap`) },
  ...more,
});

/** The NAT cases of fixtures/pcaps/nat (make.py there). */
export const NAT_CASES = [
  'nat-ok',
  'nat-shared',
  'nat-wrong-b4',
  'nat-pooling',
  'nat-eim',
  'nat-reuse',
  'nat-leak',
  'nat-public',
  'nat-ttl',
  'nat-dst-kept',
  'nat-id-clash',
  'nat-icmp-ok',
  'nat-icmp-bad',
  'nat-expired',
  'nat-ports',
  'nat-echo-lost',
  'nat-eif',
  'nat-adf',
  'nat-ttl1-ok',
  'nat-ttl1-src',
  'nat-ttl1-silent',
  'nat-rst-lost',
  'nat-df-frag',
  'nat-syn-answered',
  'nat-icmp-kills',
  'nat-hairpin-ok',
  'nat-hairpin-bad',
  'nat-hairpin-lost',
  'nat-mixed',
  'nat-inbound-refresh',
  'nat-b4-icmp',
  'nat-quota',
  'nat-rst-reuse',
] as const;
/** Every NAT case but `except`, as valid rule-tester cases (each violation case must trigger its own rule only). */
export const natValid = (...except: string[]): { file: string; options: Record<string, unknown> }[] =>
  NAT_CASES.filter((n) => !except.includes(n)).map((n) => ({ file: `nat/${n}-tunnel.pcap`, options: natSide(n) }));
