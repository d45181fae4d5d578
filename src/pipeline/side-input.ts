import type { CaptureInterface, CaptureRecord, InterfaceStats, ReaderNotice } from '../capture/types.js';
import { isOffloadSegment } from '../track/offload.js';
import { dissect } from '../dissect/dissect.js';
import type { Correlator } from '../track/correlate.js';
import { groupDatagram, wholeDatagram } from '../track/datagram-builders.js';
import { createInnerDefrag } from '../track/defrag-ipv4.js';
import type { Ip4Datagram } from '../track/ip4-datagram.js';
import { type CaptureCounters, createCaptureCounters, type StageOptions } from './counters.js';

export interface SideInputOptions extends StageOptions {
  readonly correlator: Correlator;
}

export interface SideInput {
  /** `time` is the record's capture time with the input's clock offset applied. */
  onRecord(rec: CaptureRecord, time: number): void;
  onInterface(i: CaptureInterface): void;
  onNotice(n: ReaderNotice): void;
  onStats(s: InterfaceStats): void;
  finish(): void;
  readonly counters: CaptureCounters;
}

/** The whole capture is one reassembly scope: off the tunnel the key is RFC 791's alone. */
const SCOPE = { id: 0 } as const;

/**
 * An IPv4 capture point beside the tunnel (the AFTR's Internet side or the B4's LAN side):
 * dissect, reassemble IPv4 fragments (RFC 791 key, per capture), and hand every whole
 * datagram to the rules and to the correlation with the tunnel capture.
 */
export function createSideInput(o: SideInputOptions): SideInput {
  const { input, sink, anomalies, correlator, categoryCounts, categoryIndex } = o;
  const side = correlator.side;
  const counters = createCaptureCounters(input, o.name, anomalies, o.warnings);
  const deliver = (d: Ip4Datagram): void => {
    sink.dispatch({ type: 'side-datagram', side, datagram: d });
    correlator.other(d);
  };
  const defrag = createInnerDefrag<typeof SCOPE, null>(
    o.limits,
    o.overlap,
    (g) => {
      if (g.status !== 'complete' && g.status !== 'overlap') return;
      const d = groupDatagram(side, input, g);
      if (d) deliver(d);
    },
    (id, frame) => anomalies.add(input, id, frame),
  );
  let nextTick = -Infinity;
  let last = 0;
  return {
    onRecord(rec, time) {
      last = time;
      if (time >= nextTick) {
        defrag.tick(time);
        nextTick = time + 1;
      }
      counters.frame(rec);
      const d = dissect(rec);
      if (d.anomalies.length) for (const a of d.anomalies) anomalies.add(input, a, rec.frame);
      if (d.category === 'unsupported') counters.unsupported(rec);
      categoryCounts[categoryIndex.get(d.category)!]! += 1;
      const p = d.net;
      if (p?.kind !== 'ip4') return;
      if (p.hdr.mf || p.hdr.fragOffset > 0) defrag.add(rec.data, p, SCOPE, null, [rec.frame], false, time);
      else {
        if (isOffloadSegment(p.hdr.protocol, p.hdr.totalLength))
          anomalies.add(input, 'capture.offload_super_segment', rec.frame);
        deliver(wholeDatagram(side, input, rec.data, rec.offset + rec.capLen, p, [rec.frame], time));
      }
    },
    onInterface: counters.onInterface,
    onNotice: counters.onNotice,
    onStats: counters.onStats,
    finish() {
      defrag.finish(last);
    },
    counters,
  };
}
