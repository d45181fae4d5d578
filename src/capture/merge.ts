import {
  type CaptureSource,
  initialParser,
  namedError,
  parserResult,
  rawChunksWithGzip,
  type ReadResult,
  sourceName,
} from './open.js';
import type { CaptureInterface, CaptureParser, CaptureSink, InterfaceStats, ReaderNotice } from './types.js';
import { CaptureFileError } from './types.js';
import { createRecordQueue, type QueuedRecord, type RecordQueue } from './record-queue.js';
import { parserForHead } from './format.js';

/** One capture of a multi-point set: the tunnel side, the AFTR's Internet side, a B4's LAN side. */
export interface MergeInput {
  readonly path: CaptureSource;
  /** Seconds added to this capture's timestamps (the capture hosts' clocks may disagree). */
  readonly offsetSeconds?: number;
  /**
   * Only the records of these interfaces (pcapng if_name, or the interface number): one file
   * holding several capture points is read as one input per point. Frame numbers stay the
   * file's own, as Wireshark shows them.
   */
  readonly interfaces?: readonly string[];
}

/** A record of the merged stream and the input it came from (valid during the callback, like any record). */
export type MergedRecord = QueuedRecord;

export interface MergeSink {
  onRecord(rec: MergedRecord): void;
  onInterface?(input: number, iface: CaptureInterface): void;
  onNotice?(input: number, n: ReaderNotice): void;
  onStats?(input: number, s: InterfaceStats): void;
  /** An input has no more records: every one of them was handed over (in merge order). */
  onInputEnd?(input: number): void;
}

interface Source {
  readonly index: number;
  readonly offset: number;
  readonly chunks: AsyncGenerator<Buffer>;
  parser: CaptureParser | undefined;
  head: Buffer;
  /** Records waiting (a record handed over is valid during its callback only). */
  readonly queue: RecordQueue;
  done: boolean;
  gzip: boolean;
  bytes: number;
  /** The chunk being parsed: records inside it need no copy. */
  chunk: Buffer | undefined;
}

/**
 * Reads several captures at once and hands their records over in capture-time order
 * (ties: the lower input first), each tagged with its input. Pull-based: a capture is
 * read only while it has no record waiting, so at most about one chunk per capture is
 * buffered, whatever the captures' sizes. As with a single reader, a record and its bytes
 * are valid during the callback only: whatever a consumer keeps, it copies.
 */
export interface MergeResult {
  readonly inputs: readonly ReadResult[];
  /** Most records ever waiting in one input's queue: the buffering bound in practice. */
  readonly peakQueued: number;
}

/**
 * `pace`, when given, replaces capture-time order: the next record comes from the input
 * whose pace is lowest (ties: the lower input), asked again after every record. The
 * capture diff paces its inputs by datagrams matched so far, so two captures of the same
 * traffic with unrelated clocks advance together.
 */
export async function readMerged(
  inputs: readonly MergeInput[],
  sink: MergeSink,
  pace?: (input: number) => number,
): Promise<MergeResult> {
  let peakQueued = 0;
  const sources: Source[] = inputs.map((inp, index) => {
    let gzip = false;
    const src: Source = {
      index,
      offset: inp.offsetSeconds ?? 0,
      chunks: rawChunksWithGzip(
        inp.path,
        () => (gzip = true),
        (msg) =>
          sink.onNotice?.(index, {
            id: 'capture.truncated_file',
            detail: `gzip stream ends early or is corrupt (${msg}); reported what was read`,
          }),
      ),
      parser: undefined,
      head: Buffer.alloc(0),
      queue: createRecordQueue(index),
      done: false,
      get gzip() {
        return gzip;
      },
      bytes: 0,
      chunk: undefined,
    };
    return src;
  });

  /** Per input: the interface IDs its filter admits (undefined: all), and the names seen (for the error). */
  const admitted = inputs.map((inp) => (inp.interfaces ? new Set<number>() : undefined));
  const seenNames = inputs.map(() => [] as string[]);
  const sinkFor = (src: Source): CaptureSink => ({
    onRecord(r) {
      const only = admitted[src.index];
      if (only && !only.has(r.interfaceId)) return;
      // A source is read again only once its queue is empty, so records inside the chunk just
      // read stay valid until they are handed over; a record the framer assembled across two
      // chunks lives in its carry buffer, which the next straddler reuses: copy only those.
      let data = r.data;
      let offset = r.offset;
      if (data !== src.chunk) {
        data = Buffer.allocUnsafe(r.capLen);
        r.data.copy(data, 0, r.offset, r.offset + r.capLen);
        offset = 0;
      }
      src.queue.push(r, data, offset, r.tsSec + r.tsNsec / 1e9 + src.offset);
    },
    onInterface: (i) => {
      const wanted = inputs[src.index]!.interfaces;
      seenNames[src.index]!.push(i.name ?? String(i.id));
      if (wanted && !wanted.some((w) => w === i.name || w === String(i.id))) return;
      admitted[src.index]?.add(i.id);
      sink.onInterface?.(src.index, i);
    },
    onNotice: (n) => sink.onNotice?.(src.index, n),
    onStats: (s) => sink.onStats?.(src.index, s),
  });

  // A file sequence's parser exists from the start: it reads each file's magic itself.
  for (const src of sources) src.parser = initialParser(inputs[src.index]!.path, sinkFor(src));

  const waiting = (s: Source): number => s.queue.waiting();
  /** Reads chunks until the source has a record waiting or ends. */
  async function fill(src: Source): Promise<void> {
    while (!src.done && waiting(src) === 0) {
      if (src.queue.next > 0) src.queue.reset();
      const step = await src.chunks.next();
      if (step.done) {
        if (!src.parser) throw new CaptureFileError(src.bytes === 0 ? 'empty file' : 'not a capture file (too short)');
        src.parser.end();
        src.done = true;
        break;
      }
      const chunk = step.value;
      src.chunk = chunk;
      src.bytes += chunk.length;
      if (!src.parser) {
        src.head = Buffer.concat([src.head, chunk]);
        if (src.head.length < 4) continue;
        src.parser = parserForHead(src.head, sinkFor(src));
        src.chunk = src.head;
        src.parser.feed(src.head);
      } else src.parser.feed(chunk);
      peakQueued = Math.max(peakQueued, waiting(src));
      if (src.parser.stopped) {
        src.done = true;
        await src.chunks.return(undefined);
      }
    }
  }

  /** Another source may still have records but has none read: it must be read first. */
  function starved(best: Source): boolean {
    for (const s of sources) if (s !== best && !s.done && waiting(s) === 0) return true;
    return false;
  }

  /** The order records are handed over in: the lowest first (ties: the lower input). */
  const orderOf = pace ? (s: Source): number => pace(s.index) : (s: Source): number => s.queue.nextTime();

  /**
   * Emits records in order, choosing the source again for every record, until a source must
   * be read; false when none is left. (Two interleaved captures switch source at almost every
   * record: the choice stays in this loop rather than going back through the reads.)
   */
  function emit(): boolean {
    for (let any = false; ; any = true) {
      let best: Source | undefined;
      let bestOrder = 0;
      for (const s of sources) {
        if (waiting(s) === 0) continue;
        const o = orderOf(s);
        if (!best || o < bestOrder) {
          best = s;
          bestOrder = o;
        }
      }
      if (!best) return any;
      sink.onRecord(best.queue.take());
      if (waiting(best) === 0 || starved(best)) return true;
    }
  }

  const ended = new Set<number>();
  try {
    for (;;) {
      // Only a source with nothing waiting is read: an await per record where two captures
      // interleave (each record a switch of source) measured as a tenth of a two-point run.
      if (sources.some((s) => !s.done && waiting(s) === 0))
        await Promise.all(
          sources.map((s) =>
            fill(s).catch((e: unknown) => {
              throw e instanceof CaptureFileError ? namedError(inputs[s.index]!.path, e) : e;
            }),
          ),
        );
      for (const s of sources)
        if (s.done && waiting(s) === 0 && !ended.has(s.index)) {
          ended.add(s.index);
          sink.onInputEnd?.(s.index);
        }
      if (!emit()) break;
    }
  } finally {
    // On an error (a bad input, a throwing consumer) the other inputs' files are closed too.
    await Promise.all(sources.filter((s) => !s.done).map((s) => s.chunks.return(undefined)));
  }
  for (const [i, inp] of inputs.entries())
    if (inp.interfaces && admitted[i]!.size === 0)
      throw new CaptureFileError(
        `${sourceName(inp.path)}: no interface ${inp.interfaces.join(' or ')} (it has ${seenNames[i]!.map((n, k) => `${k}: ${n}`).join(', ') || 'none'})`,
      );
  return {
    inputs: sources.map((s) => parserResult(s.parser!, s.gzip, s.bytes)),
    peakQueued,
  };
}
