import type { Ip6Key } from '../codec/addr.js';

/**
 * How a capture is split by softwire (`--shard I/N`, config/shard.ts): the softwires whose
 * address pair hashes to a shard are analysed there; every shard still reads every frame, so
 * what the whole capture teaches about all softwires (which end is the AFTR, the link MTU, the
 * frame counts) is the same in each, and their partial states merge into the report one run
 * gives (shards/merge.ts). Frames of no softwire belong to the first shard, which also runs
 * the rules that weigh a capture's softwires together (RuleMeta.scope) over every softwire.
 */

/** FNV-1a over an address key's 16 byte values. */
function keyHash(k: Ip6Key): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The shard of a softwire, from its two addresses in either order: which end is the B4 may be
 * decided only at the end of the capture, the share must not change with it.
 */
export function shardOfPair(a: Ip6Key, b: Ip6Key, count: number): number {
  if (count === 1) return 0;
  // The sum is symmetric; the final mix spreads it over the low bits the modulo keeps.
  let h = (keyHash(a) + keyHash(b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 16)) >>> 0) % count;
}
