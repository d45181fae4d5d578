/**
 * The wording every stage shares: frame lists, Wireshark filters, number agreement. Part of
 * the bottom layer (src/model/): it imports nothing, so rules, reports and the diff may all use it.
 */

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

/** Wireshark display filter for frames (Wireshark 4 set syntax: commas, ranges as a..b). */
export function displayFilter(frames: readonly number[]): string {
  if (frames.length === 0) return '';
  if (frames.length === 1) return `frame.number == ${frames[0]}`;
  const parts: string[] = [];
  for (let i = 0; i < frames.length;) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${frames[i]}..${frames[j]}` : j > i ? `${frames[i]}, ${frames[j]}` : `${frames[i]}`);
    i = j + 1;
  }
  return `frame.number in {${parts.join(', ')}}`;
}

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
