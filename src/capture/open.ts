import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { parserForHead } from './format.js';
import {
  type CaptureSequence,
  createSequenceParser,
  FILE_BOUNDARY,
  isSequence,
  type SequenceFile,
} from './sequence.js';
import { type CaptureParser, type CaptureSink, CaptureFileError } from './types.js';
import { readProgress } from './progress.js';

const CHUNK = 1 << 20;

export interface ReadResult {
  readonly format: CaptureParser['format'];
  readonly bigEndian: boolean;
  readonly gzip: boolean;
  /** Bytes of capture data read (after decompression). */
  readonly bytes: number;
  /** A file sequence's files as read, in reading order. */
  readonly sequence?: readonly SequenceFile[];
}

/**
 * A capture to read: a file path, '-' for standard input, the bytes themselves (a library
 * caller's, the fuzzer's), or files read one after another as one capture.
 */
export type CaptureSource = string | Uint8Array | CaptureSequence;

/** How errors and reports name a source. */
export const sourceName = (s: CaptureSource): string =>
  typeof s === 'string'
    ? s
    : isSequence(s)
      ? s.files.length > 1
        ? `${s.files[0]} … ${s.files.at(-1)} (${s.files.length} files)`
        : (s.files[0] ?? '(no files)')
      : `(${s.length} bytes in memory)`;

async function* rawChunks(source: string | Uint8Array): AsyncGenerator<Buffer> {
  if (typeof source !== 'string') {
    readProgress.bytes += source.length;
    yield Buffer.from(source.buffer, source.byteOffset, source.length);
    return;
  }
  const path = source;
  if (path === '-') {
    for await (const c of process.stdin) {
      readProgress.bytes += (c as Buffer).length;
      yield c as Buffer;
    }
    return;
  }
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new CaptureFileError(`cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (info.isDirectory()) throw new CaptureFileError(`cannot read ${path}: it is a directory`);
  readProgress.size += info.size;
  // Two reused buffers: a stream's fresh 1 MiB chunk per read costs page faults that
  // measured ten times the read itself. While the parser works through one buffer, the
  // next read fills the other. Safe because parsers consume each chunk synchronously
  // and copy only the unit that straddles two chunks.
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new CaptureFileError(`cannot open ${path}: ${e.code ?? String(e)}`);
  });
  const readInto = (b: Buffer) =>
    fh.read(b, 0, CHUNK, null).catch((e: NodeJS.ErrnoException) => {
      throw new CaptureFileError(`cannot read ${path}: ${e.code ?? String(e)}`);
    });
  let pending: ReturnType<typeof readInto> | undefined;
  try {
    let turn = 0;
    pending = readInto(bufs[0]);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      pending = undefined;
      if (bytesRead === 0) return;
      turn ^= 1;
      pending = readInto(turn === 0 ? bufs[0] : bufs[1]);
      readProgress.bytes += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // A read still in flight must finish before its file handle closes.
    await pending?.catch(() => undefined);
    await fh.close();
  }
}

/** Decompresses when the stream starts with the gzip magic; passes through otherwise. */
async function* maybeGunzip(
  src: AsyncGenerator<Buffer>,
  onGzip: () => void,
  onGzipError: (msg: string) => void,
): AsyncGenerator<Buffer> {
  try {
    yield* gunzipOrPass(src, onGzip, onGzipError);
  } finally {
    // A consumer that stops early (not a capture, a bad record) must close the file here:
    // `yield head` below does not hand the stop on to `src` as `yield*` does.
    await src.return(undefined);
  }
}

async function* gunzipOrPass(
  src: AsyncGenerator<Buffer>,
  onGzip: () => void,
  onGzipError: (msg: string) => void,
): AsyncGenerator<Buffer> {
  const first = await src.next();
  if (first.done) return;
  const head = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    onGzip();
    // The stream buffers what it is given, and raw chunks reuse one buffer: copy them.
    const replay = (async function* () {
      yield Buffer.from(head);
      for await (const c of src) yield Buffer.from(c);
    })();
    const gunzip = createGunzip({ chunkSize: CHUNK });
    Readable.from(replay)
      .on('error', (e) => gunzip.destroy(e))
      .pipe(gunzip);
    try {
      for await (const c of gunzip) yield c as Buffer;
    } catch (e) {
      if (e instanceof CaptureFileError) throw e;
      // A cut or corrupt gzip stream still yields what was decompressed so far.
      onGzipError((e as Error).message);
    }
    return;
  }
  yield head;
  yield* src;
}

/** The chunks of a capture file (or '-' for stdin), decompressed when it is gzip. */
export function rawChunksWithGzip(
  path: CaptureSource,
  onGzip: () => void,
  onGzipError: (msg: string) => void,
): AsyncGenerator<Buffer> {
  if (isSequence(path)) return sequenceChunks(path.files, onGzip, onGzipError);
  return maybeGunzip(rawChunks(path), onGzip, onGzipError);
}

/** A sequence's files one after another, each (gzip or not) after a FILE_BOUNDARY: what the sequence parser reads. */
async function* sequenceChunks(
  files: readonly string[],
  onGzip: () => void,
  onGzipError: (msg: string) => void,
): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield FILE_BOUNDARY;
    yield* maybeGunzip(rawChunks(file), onGzip, onGzipError);
  }
}

/** The parser a source starts with: a sequence's at once, otherwise none until the magic is read. */
export const initialParser = (path: CaptureSource, sink: CaptureSink): CaptureParser | undefined =>
  isSequence(path) ? createSequenceParser(path.files, sink) : undefined;

/** What a finished parser tells about the capture. */
export const parserResult = (parser: CaptureParser, gzip: boolean, bytes: number): ReadResult => ({
  format: parser.format,
  bigEndian: parser.bigEndian,
  gzip,
  bytes,
  ...('files' in parser && { sequence: (parser as { files(): readonly SequenceFile[] }).files() }),
});

/**
 * Streams a capture (file path or '-' for stdin, optionally gzip-compressed)
 * into `sink`. Throws CaptureFileError for input that is not a capture.
 */
export async function readCapture(path: CaptureSource, sink: CaptureSink): Promise<ReadResult> {
  try {
    return await readOne(path, sink);
  } catch (e) {
    throw e instanceof CaptureFileError ? namedError(path, e) : e;
  }
}

/** The error with the file it is about (several captures may be read at once). */
export function namedError(path: CaptureSource, e: CaptureFileError): CaptureFileError {
  const name = path === '-' ? 'standard input' : sourceName(path);
  return e.message.startsWith(`${name}: `) ? e : new CaptureFileError(`${name}: ${e.message}`);
}

async function readOne(path: CaptureSource, sink: CaptureSink): Promise<ReadResult> {
  let gzip = false;
  let parser = initialParser(path, sink);
  let head: Buffer = Buffer.alloc(0);
  let bytes = 0;
  const chunks = rawChunksWithGzip(
    path,
    () => (gzip = true),
    (msg) =>
      sink.onNotice({
        id: 'capture.truncated_file',
        detail: `gzip stream ends early or is corrupt (${msg}); reported what was read`,
      }),
  );
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (!parser) {
      // Concatenating copies, so a short first chunk survives the reuse of the read buffer.
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) continue;
      parser = parserForHead(head, sink);
      parser.feed(head);
    } else {
      parser.feed(chunk);
    }
    if (parser.stopped) break;
  }
  if (!parser) throw new CaptureFileError(bytes === 0 ? 'empty file' : 'not a capture file (too short)');
  parser.end();
  return parserResult(parser, gzip, bytes);
}
