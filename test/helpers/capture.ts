import { type CaptureSource, readCapture, type ReadResult } from '../../src/capture/open.js';
import type { CaptureInterface, CaptureRecord, InterfaceStats, ReaderNotice } from '../../src/capture/types.js';

export interface Collected {
  /** Records with their own copy of the frame (offset 0). */
  records: (Omit<CaptureRecord, 'data'> & { data: Buffer })[];
  interfaces: CaptureInterface[];
  notices: ReaderNotice[];
  stats: InterfaceStats[];
  result: ReadResult;
}

/** Reads a whole capture into memory (tests only), copying each record's bytes. */
export async function collect(path: CaptureSource): Promise<Collected> {
  const records: Collected['records'] = [];
  const interfaces: CaptureInterface[] = [];
  const notices: ReaderNotice[] = [];
  const stats: InterfaceStats[] = [];
  const result = await readCapture(path, {
    onRecord: (r) =>
      records.push({ ...r, data: Buffer.from(r.data.subarray(r.offset, r.offset + r.capLen)), offset: 0 }),
    onInterface: (i) => interfaces.push(i),
    onNotice: (n) => notices.push(n),
    onStats: (s) => stats.push(s),
  });
  return { records, interfaces, notices, stats, result };
}
