import { ConfigError } from '../config/error.js';
import { type ShardState, STATE_FORMAT, STATE_VERSION } from '../model/shard-state.js';
import { reportValidator } from './json.js';

/** A state as the text of its file. */
export function stateText(state: ShardState): string {
  try {
    return `${JSON.stringify(state)}\n`;
  } catch (e) {
    // V8 caps one string near 512 MiB: about 900,000 softwires' state.
    if (!(e instanceof RangeError)) throw e;
    throw new ConfigError(
      `the state of shard ${state.shard.index + 1}/${state.shard.count} (${state.softwires.length} softwires) is larger than one JSON document can be here: split the capture into more shards`,
    );
  }
}

/** Whether parsed JSON says it is a shard state (then it must be a valid one). */
export const isStateDocument = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && (data as { format?: unknown }).format === STATE_FORMAT;

/** A parsed state file, checked: a wrong or damaged file is one line naming it. */
export function asShardState(path: string, data: unknown): ShardState {
  const version = (data as { version?: unknown }).version;
  if (version !== STATE_VERSION)
    throw new ConfigError(
      `${path}: shard state version ${String(version)}; this dslite-check merges version ${STATE_VERSION} (write the states and merge them with one version)`,
    );
  const v = reportValidator('state');
  if (!v(data)) {
    const first = v.errors?.[0];
    throw new ConfigError(
      `${path}: not a valid shard state (${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'})`,
    );
  }
  return data as ShardState;
}
