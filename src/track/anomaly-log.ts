import { anomalyInfo } from '../dissect/anomalies.js';
import type { AnomalySummary } from '../report/model.js';

const MAX_FRAMES = 10;

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
  const byKey = new Map<string, Entry>();
  let total = 0;
  return {
    add(input, id, frame, detail) {
      total++;
      const key = `${input}\u0000${id}`;
      let e = byKey.get(key);
      if (!e) byKey.set(key, (e = { count: 0, frames: [], ...(detail !== undefined && { detail }) }));
      e.count++;
      if (frame !== undefined && e.frames.length < MAX_FRAMES) e.frames.push(frame);
    },
    total: () => total,
    summaries() {
      const out: AnomalySummary[] = [];
      for (const [key, e] of byKey) {
        const [input, id] = key.split('\u0000') as [string, string];
        const info = anomalyInfo(id);
        out.push({ id, kind: info.kind, title: info.title, input: Number(input), count: e.count, frames: e.frames, ...(e.detail !== undefined && { detail: e.detail }) });
      }
      return out.sort((a, b) => a.input - b.input || a.id.localeCompare(b.id));
    },
  };
}
