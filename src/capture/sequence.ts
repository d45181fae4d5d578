import { basename } from 'node:path';
import { parserForHead } from './format.js';
import {
  CaptureFileError,
  type CaptureFormat,
  type CaptureInterface,
  type CaptureParser,
  type CaptureSink,
  blankRecord,
  copyRecord,
} from './types.js';

/**
 * Files read one after another as one time-continuous capture: the files a ring buffer or a
 * rotation wrote (tcpdump -C/-G/-W, dumpcap -b, editcap -c). State carries across the files;
 * frames are numbered through the whole sequence, as `mergecap -a` of the files in this
 * order numbers them, and each file's share is kept so a report can name file and frame.
 */
export interface CaptureSequence {
  readonly files: readonly string[];
}

export const isSequence = (s: unknown): s is CaptureSequence =>
  typeof s === 'object' && s !== null && !(s instanceof Uint8Array) && 'files' in s;

/** The chunk a sequence's byte stream carries before each file: the sequence parser starts a new file on it. */
export const FILE_BOUNDARY: Buffer = Buffer.alloc(0);

export interface Stamp {
  readonly sec: number;
  readonly nsec: number;
}
const seconds = (t: Stamp): number => t.sec + t.nsec / 1e9;

/** One file of a sequence as read. */
export interface SequenceFile {
  readonly file: string;
  /** The sequence's number of the file's frame 1. */
  readonly firstFrame: number;
  readonly frames: number;
  /** Capture time of its first and last frame (undefined for a file without frames). */
  readonly first: Stamp | undefined;
  readonly last: Stamp | undefined;
  /** The reader stopped inside it or it ends in the middle of a record. */
  readonly incomplete: boolean;
}

/** A silence between two files counts as a gap past this many seconds… */
export const GAP_SECONDS = 1;
/** …and past this many times the earlier file's mean frame spacing (a quiet link is not a gap). */
export const GAP_SPACINGS = 10;

export interface SequenceParser extends CaptureParser {
  /** The files read so far, in reading order. */
  files(): readonly SequenceFile[];
}

/**
 * The parser of a sequence's byte stream (FILE_BOUNDARY, a file's bytes, FILE_BOUNDARY, …):
 * one inner parser per file, chosen by that file's magic; records renumbered through the
 * sequence; interfaces that repeat (the same link in every file) keep one ID. A file the
 * reader gives up on ends there, and the next file is read. Gaps and overlaps between files
 * are noticed when the later file's first frame comes.
 */
export function createSequenceParser(names: readonly string[], sink: CaptureSink): SequenceParser {
  const done: SequenceFile[] = [];
  const interfaces: CaptureInterface[] = [];
  let index = -1;
  let inner: CaptureParser | undefined;
  let head = Buffer.alloc(0);
  let local = new Map<number, number>();
  let base = 0;
  let frames = 0;
  let first: Stamp | undefined;
  let lastSec = 0;
  let lastNsec = 0;
  let incomplete = false;
  let format: CaptureFormat | undefined;
  let bigEndian = false;
  const name = (): string => basename(names[index] ?? `file ${index + 1}`);
  const rec = blankRecord();

  /** The later file's first frame against the earlier file's end: a gap or an overlap is a notice. */
  function boundary(time: number): void {
    const prev = done.at(-1);
    if (!prev || prev.last === undefined || prev.first === undefined) return;
    const frame = base + 1;
    const silence = time - seconds(prev.last);
    const spacing = prev.frames > 1 ? (seconds(prev.last) - seconds(prev.first)) / (prev.frames - 1) : 0;
    if (silence < 0)
      sink.onNotice({
        id: 'capture.sequence_overlap',
        frame,
        detail: `${name()} starts ${(-silence).toFixed(6)} s before ${basename(prev.file)} ends: the files overlap in time and are read one after the other`,
      });
    else if (silence > Math.max(GAP_SECONDS, GAP_SPACINGS * spacing))
      sink.onNotice({
        id: 'capture.sequence_gap',
        frame,
        detail: `${name()} starts ${silence.toFixed(6)} s after ${basename(prev.file)} ends: nothing was captured in between`,
      });
  }

  const relay: CaptureSink = {
    onRecord(r) {
      if (first === undefined) {
        first = { sec: r.tsSec, nsec: r.tsNsec };
        boundary(seconds(first));
      }
      lastSec = r.tsSec;
      lastNsec = r.tsNsec;
      frames = r.frame;
      copyRecord(rec, r);
      rec.frame = base + r.frame;
      rec.interfaceId = local.get(r.interfaceId) ?? r.interfaceId;
      sink.onRecord(rec);
    },
    onInterface(i) {
      const same = interfaces.find(
        (g) =>
          g.linkType === i.linkType && g.snapLen === i.snapLen && g.name === i.name && g.description === i.description,
      );
      if (same) {
        local.set(i.id, same.id);
        return;
      }
      const g: CaptureInterface = { ...i, id: interfaces.length };
      interfaces.push(g);
      local.set(i.id, g.id);
      sink.onInterface(g);
    },
    onNotice(n) {
      if (n.fatal || n.id === 'capture.truncated_file') incomplete = true;
      sink.onNotice({
        ...n,
        ...(n.frame !== undefined && { frame: base + n.frame }),
        detail: `${name()}: ${n.detail}`,
      });
    },
    onStats: (s) => sink.onStats?.({ ...s, interfaceId: local.get(s.interfaceId) ?? s.interfaceId }),
  };

  function closeFile(): void {
    if (index < 0) return;
    if (inner) inner.end();
    else if (head.length) throw new CaptureFileError(`${names[index]}: not a capture file (too short)`);
    const last = first && { sec: lastSec, nsec: lastNsec };
    done.push({ file: names[index] ?? name(), firstFrame: base + 1, frames, first, last, incomplete });
    base += frames;
  }

  function openNext(): void {
    index++;
    inner = undefined;
    head = Buffer.alloc(0);
    local = new Map();
    frames = 0;
    first = undefined;
    incomplete = false;
  }

  return {
    get format() {
      return format ?? 'pcap';
    },
    get bigEndian() {
      return bigEndian;
    },
    // One file's stop ends only that file.
    stopped: false,
    feed(chunk) {
      if (chunk === FILE_BOUNDARY) {
        closeFile();
        openNext();
        return;
      }
      if (inner) {
        if (!inner.stopped) inner.feed(chunk);
        return;
      }
      // Concatenating copies, so a short first chunk survives the reuse of the read buffer.
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) return;
      try {
        inner = parserForHead(head, relay);
      } catch (e) {
        throw e instanceof CaptureFileError ? new CaptureFileError(`${names[index]}: ${e.message}`) : e;
      }
      format ??= inner.format;
      if (index === 0) bigEndian = inner.bigEndian;
      inner.feed(head);
    },
    end: closeFile,
    files: () => done,
  };
}

/** The capture time of a file's first frame, or undefined when it has none (read up to that frame only). */
export async function firstFrameTime(
  file: string,
  read: (path: string, sink: CaptureSink) => Promise<unknown>,
): Promise<number | undefined> {
  const found = new Error('first frame');
  let time: number | undefined;
  try {
    await read(file, {
      onRecord(r) {
        time = r.tsSec + r.tsNsec / 1e9;
        throw found;
      },
      onInterface() {},
      onNotice() {},
    });
  } catch (e) {
    if (e !== found) throw e;
  }
  return time;
}

/** Files in the order their first frames were captured (not their names'); ties and files without frames by name, the latter last. */
export async function inCaptureOrder(
  files: readonly string[],
  read: (path: string, sink: CaptureSink) => Promise<unknown>,
): Promise<string[]> {
  // One file at a time: a day of ring files must not take a file descriptor each at once.
  const firsts: { file: string; t: number | undefined }[] = [];
  for (const file of files) firsts.push({ file, t: await firstFrameTime(file, read) });
  const key = (t: number | undefined): number => t ?? Infinity;
  return firsts
    .sort((a, b) => key(a.t) - key(b.t) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((x) => x.file);
}
