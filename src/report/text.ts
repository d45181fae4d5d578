/** Small formatting helpers shared by the human-readable renderers. */

/** [3,4,5,9] → "3–5, 9"; long lists are cut after `max` items with a count. */
export function frameList(frames: readonly number[], max = 12): string {
  const parts: string[] = [];
  for (let i = 0; i < frames.length;) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j]! + 1) j++;
    parts.push(j > i ? `${frames[i]}–${frames[j]}` : String(frames[i]));
    i = j + 1;
  }
  return parts.length > max ? `${parts.slice(0, max).join(', ')} … (+${parts.length - max})` : parts.join(', ');
}

export function bytes(n: number): string {
  if (n < 10_000) return `${n} B`;
  if (n < 10_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 10_000_000_000) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

export function valueCounts(v: readonly { value: number; count: number }[], hex = false, max = 4): string {
  if (v.length === 0) return '–';
  const sorted = [...v].sort((a, b) => b.count - a.count || a.value - b.value);
  const txt = sorted.slice(0, max).map((x) => (hex ? `0x${x.value.toString(16).padStart(2, '0')}` : String(x.value)));
  return sorted.length > max ? `${txt.join(' ')} +${sorted.length - max}` : txt.join(' ');
}

/** "1 softwire", "2 softwires": a count with its noun in the right number. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Counted nouns of the reports' wording, singular → plural. */
const NOUNS: Readonly<Record<string, string>> = Object.fromEntries([
  ...[
    'packet',
    'byte',
    'fragment',
    'softwire',
    'B4',
    'AFTR',
    'datagram',
    'frame',
    'flow',
    'error',
    'warning',
    'finding',
    'set',
    'piece',
    'binding',
    'port',
    'rule',
    'difference',
    'record',
    'interface',
    'mapping',
    'connection',
    'SYN',
    'time',
    'input',
    'capture',
    'option',
    'packet-too-big',
    'message',
    'segment',
    'subscriber',
    'pair',
    'ID',
    'identifier',
    'second',
    'hop',
    'octet',
    'group',
  ].map((w) => [w, `${w}s`]),
  ['address', 'addresses'],
  ['reply', 'replies'],
  ['match', 'matches'],
] as [string, string][]);
const SINGULAR = new Map(Object.entries(NOUNS).map(([one, many]) => [many, one]));
/** Words that may stand between a count and its noun ("1 down tunnel packets"). */
const MODIFIERS = [
  'up',
  'down',
  'tunnel',
  'outer',
  'inner',
  'whole',
  'unfragmented',
  'fragmented',
  'non-first',
  'first',
  'last',
  'IPv4',
  'IPv6',
  'ICMP',
  'ICMPv4',
  'ICMPv6',
  'TCP',
  'UDP',
  'external',
  'internal',
  'new',
  'distinct',
  'other',
  'more',
  'oversized',
  'overlapping',
  'incomplete',
  'complete',
  'atomic',
  'unpaired',
  'paired',
  'matched',
  'softwire',
  'Internet',
  'LAN',
  'side',
  'echo',
  'error',
  'full-size',
  'DF=1',
  'DNS',
  'fragment',
];
const AGREE = new RegExp(
  `(?<![\\d.,/:=–-])\\b1 ((?:(?:${MODIFIERS.join('|')}) )*)(${[...SINGULAR.keys()].join('|')})\\b`,
  'g',
);

/**
 * Number agreement for text built from templates ("{n} packets" with n = 1 → "1 packet"):
 * the one place the wording's singulars and plurals are decided, applied to every rule message,
 * the verdict and the human-readable reports.
 */
export const agree = (text: string): string =>
  text.replace(AGREE, (_m, between: string, many: string) => `1 ${between}${SINGULAR.get(many)!}`);
