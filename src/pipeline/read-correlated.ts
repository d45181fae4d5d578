import type { CaptureSource } from '../capture/open.js';
import { readMerged } from '../capture/merge.js';
import type { SideInput as SideSetting, Settings } from '../config/settings.js';
import type { CorrelationSummary } from '../model/report.js';
import { type Correlator, createCorrelator, internetModel, lanModel } from '../track/correlate.js';
import { correlationEvents, hairpinEvents, type UnpairedCounts } from '../track/correlation-events.js';
import { createNatTable, type NatTable } from '../track/nat.js';
import type { Run } from './run.js';
import { createSideInput, type SideInput } from './side-input.js';
import { inputSummary } from './summaries.js';
import { createTunnelInput, type TunnelInput } from './tunnel-input.js';

/** Datagrams waiting for their counterpart, both captures together. */
const MAX_PENDING = 1 << 16;

interface Correlation {
  readonly setting: SideSetting;
  readonly correlator: Correlator;
  readonly unpairedBy: UnpairedCounts;
}

/** A correlator per side capture, handing its verdicts to the rules (and the Internet side's to the NAT table). */
function correlations(run: Run, s: Settings, nat: NatTable): Correlation[] {
  return s.sides.map((setting) => {
    const events = correlationEvents(setting.side, run.state.engine, setting.side === 'internet' ? nat : undefined);
    const model = setting.side === 'internet' ? internetModel() : lanModel();
    const correlator = createCorrelator(model, { window: s.rule.matchWindow, maxPending: MAX_PENDING, ...events });
    return { setting, correlator, unpairedBy: events.unpairedBy };
  });
}

/** The correlation table's row for one side, and the warnings its figures call for. */
function concludeSide(
  run: Run,
  s: Settings,
  c: Correlation,
  input: number,
  tunnel: TunnelInput,
  side: SideInput,
): void {
  const { correlator, setting } = c;
  correlator.finish();
  const st = correlator.stats;
  const offset = setting.capture.offset ?? 0;
  const window = s.rule.matchWindow;
  run.state.engine.dispatch({
    type: 'correlation-end',
    side: setting.side,
    tunnelInput: 0,
    otherInput: input,
    drops: { tunnel: tunnel.counters.drops, other: side.counters.drops },
    stats: st,
  });
  const row: CorrelationSummary = {
    side: setting.side,
    tunnelInput: 0,
    input,
    offset,
    window,
    pairs: { ...st.pairs },
    ambiguous: st.ambiguous,
    unpaired: { ...st.unpaired },
    outOfSpan: { ...st.outOfSpan },
    unkeyed: { ...st.unkeyed },
    evicted: st.evicted,
    synDelta: st.synDelta,
    unpairedBy: { ...c.unpairedBy },
  };
  run.state.correlation.push(row);
  const name = run.nameOf(input);
  if (st.synDelta && Math.abs(st.synDelta.seconds) > window / 2)
    run.state.warnings.push(
      `${name}: matched TCP SYNs are ${st.synDelta.seconds.toFixed(3)} s apart from the tunnel capture (median of ${st.synDelta.samples}); if the clocks differ, pass --${setting.side}-offset ${(offset - st.synDelta.seconds).toFixed(3)}`,
    );
  if (st.pairs.up + st.pairs.down === 0)
    run.state.warnings.push(
      `${name}: no datagram matched the tunnel capture; check that both captures cover the same time (or the clock offset) and the same traffic (CAP-002)`,
    );
}

/**
 * The one tunnel capture read merged with its side captures in capture-time order, each
 * correlated with it; returns the NAT table the Internet side filled (the report lists it).
 */
export async function readCorrelated(run: Run, s: Settings, path: CaptureSource): Promise<NatTable> {
  const nat = createNatTable({
    maxBindings: s.tables.maxBindings,
    ...(s.rule.portQuota !== undefined && { quota: s.rule.portQuota }),
  });
  const cs = correlations(run, s, nat);
  const hairpins = s.sides.some((x) => x.side === 'internet') ? hairpinEvents(nat, run.state.engine) : undefined;
  const t = createTunnelInput(
    run.tunnelOptions(0, (d) => {
      for (const c of cs) c.correlator.tunnel(d);
      hairpins?.tunnel(d);
    }),
  );
  const sides = cs.map((c, i) => createSideInput({ ...run.stage(i + 1), correlator: c.correlator }));
  const result = await readMerged(
    [
      { path, ...(s.tunnelInterfaces && { interfaces: s.tunnelInterfaces }) },
      ...s.sides.map(({ capture }) => ({
        path: capture.path,
        offsetSeconds: capture.offset ?? 0,
        ...(capture.interfaces && { interfaces: capture.interfaces }),
      })),
    ],
    {
      onRecord(rec) {
        if (rec.input === 0) {
          for (const c of cs) c.correlator.advance(rec.time, 'tunnel');
          t.onRecord(rec);
        } else {
          cs[rec.input - 1]!.correlator.advance(rec.time, 'other');
          sides[rec.input - 1]!.onRecord(rec, rec.time);
        }
      },
      onInterface: (i, iface) => (i === 0 ? t.onInterface(iface) : sides[i - 1]!.onInterface(iface)),
      onNotice: (i, n) => (i === 0 ? t.onNotice(n) : sides[i - 1]!.onNotice(n)),
      onStats: (i, st) => (i === 0 ? t.onStats(st) : sides[i - 1]!.onStats(st)),
      onInputEnd: (i) =>
        i === 0 ? cs.forEach((c) => c.correlator.ended('tunnel')) : cs[i - 1]!.correlator.ended('other'),
    },
  );
  t.finish();
  for (const side of sides) side.finish();
  hairpins?.finish();
  run.addTunnel(0, t, result.inputs[0]!);
  for (const [i, c] of cs.entries()) {
    const input = i + 1;
    concludeSide(run, s, c, input, t, sides[i]!);
    run.state.inputs.push(
      inputSummary({
        name: run.nameOf(input),
        role: c.setting.side,
        counters: sides[i]!.counters,
        result: result.inputs[input]!,
      }),
    );
  }
  return nat;
}
