import { type CaptureSource, readCapture, type ReadResult } from '../capture/open.js';
import { readMerged } from '../capture/merge.js';
import type { Settings } from '../config/settings.js';
import type { Run } from './run.js';
import { createTunnelInput, type TunnelInput } from './tunnel-input.js';

/** Reads a tunnel capture alone (only the selected interfaces of a pcapng, when some are). */
async function readSelected(
  path: CaptureSource,
  t: TunnelInput,
  ifs: readonly string[] | undefined,
): Promise<ReadResult> {
  if (!ifs) return readCapture(path, t);
  const merged = await readMerged([{ path, interfaces: ifs }], {
    onRecord: t.onRecord,
    onInterface: (_i, f) => t.onInterface(f),
    onNotice: (_i, n) => t.onNotice(n),
    onStats: (_i, st) => t.onStats(st),
  });
  return merged.inputs[0]!;
}

/** One tunnel capture with its own state, start to end. */
export async function readTunnel(run: Run, s: Settings, input: number, path: CaptureSource): Promise<void> {
  const t = createTunnelInput(run.tunnelOptions(input));
  const result = await readSelected(path, t, s.tunnelInterfaces);
  t.finish();
  run.addTunnel(input, t, result);
}
