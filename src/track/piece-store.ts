/**
 * Where fragment bytes wait for their set to complete. A Buffer per piece took Node's
 * 8 KiB allocation pool (a new ArrayBuffer every five full-size fragments, a sixth of the
 * work under a flood of fragment sets), and one piece kept its whole pool alive: a
 * capture that left one small fragment waiting in each pool held 8 KiB per byte counted.
 * Here pieces are copied into chunks filled in turn; a chunk counts the live bytes in it
 * and is reused once they are all released. The chunks are capped: past the cap a piece
 * gets a buffer of its own, exactly its size, so memory stays at most the chunks plus the
 * bytes the reassembly limit allows (`maxBytes`).
 *
 * A piece's bytes are valid until it is released (its set closed): a reused chunk
 * overwrites them. A piece can be held as a view, or placed and known by a number (its
 * chunk and place in it), which costs no object while it waits (see keyed-sets.ts).
 */
export interface PieceStore {
  /** Copies `src[from, to)` in; the piece keeps the returned view. */
  hold(src: Buffer, from: number, to: number): Buffer;
  /** The piece is gone (its set closed, or it was a duplicate): its chunk may be reused. */
  release(data: Buffer): void;
  /** Copies `src[from, to)` into a chunk and returns where (≥ 0), or -1 when it goes in no chunk (large, or the cap is reached): `hold` it then. */
  place(src: Buffer, from: number, to: number): number;
  /** The bytes of a placed piece of `n` bytes, as a view. */
  view(at: number, n: number): Buffer;
  /** Releases a placed piece of `n` bytes. */
  releaseAt(at: number, n: number): void;
  /** Bytes allocated in chunks (live or not). */
  readonly chunkBytes: number;
}

const EMPTY = Buffer.alloc(0);

export function createPieceStore(chunkSize = 256 << 10, maxChunks = 64): PieceStore {
  const chunks: Buffer[] = [];
  /** Chunk by its ArrayBuffer: a piece's view names its chunk without a field of its own. */
  const index = new Map<ArrayBufferLike, number>();
  const live = new Int32Array(maxChunks);
  const free: number[] = [];
  let current = -1;
  let used = 0;

  /** A chunk to fill next, or -1 when all are in use and the cap is reached. */
  function nextChunk(): number {
    const reused = free.pop();
    if (reused !== undefined) return reused;
    if (chunks.length >= maxChunks) return -1;
    // Unzeroed: every byte handed out is written by `hold` first.
    const c = Buffer.allocUnsafeSlow(chunkSize);
    index.set(c.buffer, chunks.length);
    chunks.push(c);
    return chunks.length - 1;
  }

  function place(src: Buffer, from: number, to: number): number {
    const n = to - from;
    if (n <= 0) return 0;
    // Large pieces (jumbo frames) take their own buffer: a chunk would fit only a few.
    if (n > chunkSize >> 2) return -1;
    if (current < 0 || used + n > chunkSize) {
      // Seal the current chunk: free already if nothing in it is live.
      if (current >= 0 && live[current] === 0) free.push(current);
      current = nextChunk();
      used = 0;
      if (current < 0) return -1;
    }
    src.copy(chunks[current]!, used, from, to);
    const at = current * chunkSize + used;
    used += n;
    live[current]! += n;
    return at;
  }

  function view(at: number, n: number): Buffer {
    if (n <= 0) return EMPTY;
    const i = Math.floor(at / chunkSize);
    const from = at - i * chunkSize;
    return chunks[i]!.subarray(from, from + n);
  }

  function releaseChunk(i: number, n: number): void {
    const left = (live[i]! -= n);
    if (left === 0 && i !== current) free.push(i);
  }

  return {
    hold(src, from, to) {
      const n = to - from;
      if (n <= 0) return EMPTY;
      const at = place(src, from, to);
      if (at >= 0) return view(at, n);
      // Not in a chunk: a buffer of its own, exactly its size.
      const own = Buffer.allocUnsafeSlow(n);
      src.copy(own, 0, from, to);
      return own;
    },
    release(data) {
      const i = index.get(data.buffer);
      if (i !== undefined) releaseChunk(i, data.length);
    },
    place,
    view,
    releaseAt(at, n) {
      if (n > 0) releaseChunk(Math.floor(at / chunkSize), n);
    },
    get chunkBytes() {
      return chunks.length * chunkSize;
    },
  };
}
