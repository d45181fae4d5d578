import type { CaptureRecord, Mutable } from './types.js';
import { blankRecord } from './types.js';

/** A record handed over from a queue: the fields of CaptureRecord, its input and its merge time. */
export interface QueuedRecord extends CaptureRecord {
  readonly input: number;
  /** Capture time in seconds after the input's offset is applied: the merge order. */
  readonly time: number;
}

/**
 * Records waiting in one input of a merged read, field by field in typed arrays, and one
 * record object that `take` fills. As an object per record, written when its chunk was parsed
 * and read again when its turn came, the queue missed the cache on both (a tenth of a
 * two-point run, most of it those two first touches); a column is read in order.
 */
export interface RecordQueue {
  /** Records waiting (positions `next` to `count - 1`): a method, not two getters, as the merge asks it a few times per record. */
  waiting(): number;
  /** Records already taken since the last reset. */
  readonly next: number;
  /** The merge time of the next record (only while one waits). */
  nextTime(): number;
  push(r: CaptureRecord, data: Buffer, offset: number, time: number): void;
  /** The next record, in the queue's one record object (valid until the next `take`). */
  take(): QueuedRecord;
  /** Empties the queue once every record was taken (its buffers are let go). */
  reset(): void;
}

const DIRECTIONS = [undefined, 'in', 'out'] as const;
const directionCode = (d: CaptureRecord['direction']): number => (d === undefined ? 0 : d === 'in' ? 1 : 2);

export function createRecordQueue(input: number): RecordQueue {
  let cap = 0;
  let time = new Float64Array(0);
  let frame = new Float64Array(0);
  let tsSec = new Float64Array(0);
  let tsNsec = new Float64Array(0);
  let iface = new Int32Array(0);
  let linkType = new Int32Array(0);
  let capLen = new Int32Array(0);
  let origLen = new Float64Array(0);
  let offsets = new Int32Array(0);
  let direction = new Uint8Array(0);
  const data: Buffer[] = [];
  let count = 0;
  let next = 0;
  const rec: Mutable<QueuedRecord> = { ...blankRecord(), input, time: 0 };

  const grown = <A extends Float64Array | Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
    const b = make(cap);
    b.set(a);
    return b;
  };
  function grow(): void {
    cap = Math.max(1024, cap * 2);
    time = grown(time, (n) => new Float64Array(n));
    frame = grown(frame, (n) => new Float64Array(n));
    tsSec = grown(tsSec, (n) => new Float64Array(n));
    tsNsec = grown(tsNsec, (n) => new Float64Array(n));
    iface = grown(iface, (n) => new Int32Array(n));
    linkType = grown(linkType, (n) => new Int32Array(n));
    capLen = grown(capLen, (n) => new Int32Array(n));
    origLen = grown(origLen, (n) => new Float64Array(n));
    offsets = grown(offsets, (n) => new Int32Array(n));
    direction = grown(direction, (n) => new Uint8Array(n));
  }

  return {
    waiting: () => count - next,
    get next() {
      return next;
    },
    nextTime: () => time[next]!,
    push(r, buf, offset, t) {
      if (count === cap) grow();
      const i = count++;
      time[i] = t;
      frame[i] = r.frame;
      tsSec[i] = r.tsSec;
      tsNsec[i] = r.tsNsec;
      iface[i] = r.interfaceId;
      linkType[i] = r.linkType;
      capLen[i] = r.capLen;
      origLen[i] = r.origLen;
      offsets[i] = offset;
      direction[i] = directionCode(r.direction);
      data[i] = buf;
    },
    take() {
      const i = next++;
      rec.time = time[i]!;
      rec.frame = frame[i]!;
      rec.tsSec = tsSec[i]!;
      rec.tsNsec = tsNsec[i]!;
      rec.interfaceId = iface[i]!;
      rec.linkType = linkType[i]!;
      rec.capLen = capLen[i]!;
      rec.origLen = origLen[i]!;
      rec.offset = offsets[i]!;
      rec.direction = DIRECTIONS[direction[i]!];
      rec.data = data[i]!;
      return rec;
    },
    reset() {
      data.length = 0;
      count = 0;
      next = 0;
    },
  };
}
