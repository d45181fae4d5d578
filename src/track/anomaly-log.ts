import { anomalyInfo } from '../dissect/anomalies.js';
import type { AnomalySummary } from '../model/report.js';
import { keepFrame } from '../model/anomaly-frames.js';

interface Entry {
  count: number;
  frames: number[];
  detail?: string;
}

/** Counts anomalies by (input, ID), keeping the first few frames of each: memory stays flat. */
export interface AnomalyLog {
  add(input: number, id: string, frame?: number, detail?: string): void;
  total(): number;
  summaries(): AnomalySummary[];
}

export function createAnomalyLog(): AnomalyLog {
  // By ID, then by input: IDs are a few constant strings, so no key is built per anomaly (floods log one per packet).
  const byId = new Map<string, (Entry | undefined)[]>();
  let total = 0;
  return {
    add(input, id, frame, detail) {
      total++;
      let inputs = byId.get(id);
      if (!inputs) byId.set(id, (inputs = []));
      let e = inputs[input];
      if (!e) inputs[input] = e = { count: 0, frames: [], ...(detail !== undefined && { detail }) };
      e.count++;
      if (frame !== undefined) keepFrame(e.frames, frame);
    },
    total: () => total,
    summaries() {
      const out: AnomalySummary[] = [];
      for (const [id, inputs] of byId) {
        const info = anomalyInfo(id);
        inputs.forEach((e, input) => {
          if (e)
            out.push({
              id,
              kind: info.kind,
              title: info.title,
              input,
              count: e.count,
              frames: e.frames,
              ...(e.detail !== undefined && { detail: e.detail }),
            });
        });
      }
      return out.sort((a, b) => a.input - b.input || a.id.localeCompare(b.id));
    },
  };
}
