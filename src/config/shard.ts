import { ConfigError } from './error.js';

/**
 * One share of a capture's softwires (`--shard I/N`, I from 1): the softwires whose address
 * pair hashes to I are analysed there (pipeline/shard.ts says how a capture is split).
 */
export interface ShardSpec {
  /** 0-based: shard I of the command line is index I − 1. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE: ShardSpec = { index: 0, count: 1 };

/** Largest N a `--shard I/N` takes (a softwire's share is its hash modulo N). */
export const MAX_SHARDS = 4096;

/** `I/N` as given on the command line, checked (one clear line for anything else). */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || n > MAX_SHARDS || i < 1 || i > n)
    throw new ConfigError(`--shard ${text}: give I/N with 1 ≤ I ≤ N ≤ ${MAX_SHARDS} (for example --shard 2/5)`);
  return { index: i - 1, count: n };
}

export const shardText = (s: ShardSpec): string => `${s.index + 1}/${s.count}`;
