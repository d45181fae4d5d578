import type { CaptureSink } from './types.js';

/**
 * Splits a byte stream into units (file headers, records, blocks) without
 * copying, except for the one unit that straddles two chunks. `measure` returns
 * the unit's full length once enough of its header is there, else the header
 * length it needs; a negative value stops the framer (`onError` is called).
 */
export interface Framer {
  feed(chunk: Buffer): void;
  /** Bytes of an unfinished unit left when the stream ended. */
  pending(): number;
  stopped(): boolean;
}

export function createFramer(
  measure: (buf: Buffer, off: number, avail: number) => number,
  consume: (buf: Buffer, off: number, len: number) => void,
  onError: (code: number) => void,
): Framer {
  let carry = Buffer.alloc(0);
  let carryLen = 0;
  let dead = false;

  const stop = (code: number): void => {
    dead = true;
    onError(code);
  };
  const ensure = (n: number): void => {
    if (carry.length >= n) return;
    const next = Buffer.allocUnsafe(Math.max(n, carry.length * 2, 256));
    carry.copy(next, 0, 0, carryLen);
    carry = next;
  };

  function feed(chunk: Buffer): void {
    if (dead) return;
    let off = 0;
    while (carryLen > 0) {
      const need = measure(carry, 0, carryLen);
      if (need < 0) return stop(need);
      if (carryLen >= need) {
        carryLen = 0;
        consume(carry, 0, need);
        if (dead) return;
        break;
      }
      if (off >= chunk.length) return;
      const take = Math.min(need - carryLen, chunk.length - off);
      ensure(need);
      chunk.copy(carry, carryLen, off, off + take);
      carryLen += take;
      off += take;
    }
    for (;;) {
      const avail = chunk.length - off;
      if (avail === 0) return;
      const need = measure(chunk, off, avail);
      if (need < 0) return stop(need);
      if (avail < need) {
        ensure(need);
        chunk.copy(carry, 0, off);
        carryLen = avail;
        return;
      }
      consume(chunk, off, need);
      if (dead) return;
      off += need;
    }
  }

  return { feed, pending: () => carryLen, stopped: () => dead };
}

/** At the end of the stream: a unit left unfinished means the file was cut (a warning, not an error). */
export function noteCut(framer: Framer, sink: CaptureSink, frame: number, unit: string): void {
  const left = framer.pending();
  if (left > 0 && !framer.stopped())
    sink.onNotice({
      id: 'capture.truncated_file',
      frame,
      detail: `file ends inside ${unit} (${left} bytes of it present)`,
    });
}
