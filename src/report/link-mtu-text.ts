import type { LinkMtuSummary } from '../model/report.js';

const MTU_HOW: Readonly<Record<NonNullable<LinkMtuSummary['how']>, string>> = {
  'packet-too-big': 'ICMPv6 Packet Too Big',
  'outer-fragments': 'first outer fragment',
  'largest-packet': 'largest whole tunnel packet',
};

function mtuText(m: LinkMtuSummary): string {
  if (m.source !== 'learned') return `${m.value} (${m.source}${m.source === 'assumed' ? ': give --mtu' : ''})`;
  // A first outer fragment is up to 7 bytes short of its sender's MTU (fragment data in 8-byte units).
  const value = m.how === 'outer-fragments' ? `${m.value}–${m.value + 7}` : `${m.atLeast ? 'at least ' : ''}${m.value}`;
  return `${value} (learned: ${MTU_HOW[m.how!]}, frame ${m.frame})`;
}

/** Both directions' link MTUs, `between` them (a line each in a table), or one value when they agree. */
export function linkMtuText(l: { readonly up: LinkMtuSummary; readonly down: LinkMtuSummary }, between = '\n'): string {
  const up = mtuText(l.up);
  const down = mtuText(l.down);
  return up === down ? up : `up ${up}${between}down ${down}`;
}
