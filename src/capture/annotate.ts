import { writeSync } from 'node:fs';
import { openOutput } from './output-file.js';
import { readCapture } from './open.js';
import { nanoseconds } from './write.js';
import type { CaptureInterface, CaptureRecord } from './types.js';

const FLUSH = 1 << 20;
const pad4 = (n: number): number => (4 - (n % 4)) % 4;

/** An option TLV (code, UTF-8 value, padding). */
function option(code: number, value: Buffer): Buffer {
  const b = Buffer.alloc(4 + value.length + pad4(value.length));
  b.writeUInt16LE(code, 0);
  b.writeUInt16LE(value.length, 2);
  value.copy(b, 4);
  return b;
}

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(total, 4);
  body.copy(b, 8);
  b.writeUInt32LE(total, total - 4);
  return b;
}

const END_OF_OPTIONS = Buffer.alloc(4);

export interface AnnotateResult {
  readonly frames: number;
  readonly written: number;
  readonly commented: number;
}

/**
 * Writes a capture again as pcapng with packet comments (opt_comment, one per finding) on the
 * frames that findings cite, so Wireshark shows them in the packet list and `pkt_comment`
 * filters. Interfaces keep their link types and snap lengths; timestamps are written in
 * nanoseconds; `onlyCommented` keeps just the cited frames (their frame numbers then change,
 * which the comments do not depend on). Hand-written: no maintained npm library writes
 * pcapng options, and the block layout is a few lines (draft-ietf-opsawg-pcapng §4).
 */
export async function annotateCapture(
  input: string,
  output: string,
  comments: ReadonlyMap<number, readonly string[]>,
  onlyCommented: boolean,
): Promise<AnnotateResult> {
  const out = openOutput(output);
  const fd = out.fd;
  let stage = Buffer.allocUnsafe(FLUSH);
  let used = 0;
  const flush = (): void => {
    if (used) writeSync(fd, stage, 0, used);
    used = 0;
  };
  const put = (b: Buffer): void => {
    if (used + b.length > stage.length) {
      flush();
      if (b.length > stage.length) stage = Buffer.allocUnsafe(b.length);
    }
    b.copy(stage, used);
    used += b.length;
  };
  // Section header: byte-order magic, version 1.0, section length unknown.
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeBigInt64LE(-1n, 8);
  put(block(0x0a0d0d0a, Buffer.concat([shb, option(4, Buffer.from('dslite-check --annotate')), END_OF_OPTIONS])));
  /** The input's interface id → ours (input sections may repeat ids: the latest wins). */
  const ids = new Map<number, number>();
  let next = 0;
  let frames = 0;
  let written = 0;
  let commented = 0;
  const header = Buffer.alloc(20);
  try {
    await readCapture(input, {
      onInterface(i: CaptureInterface) {
        const body = Buffer.alloc(8);
        body.writeUInt16LE(i.linkType, 0);
        body.writeUInt32LE(i.snapLen, 4);
        const opts = [option(9, Buffer.from([9])), ...(i.name ? [option(2, Buffer.from(i.name))] : []), END_OF_OPTIONS];
        put(block(1, Buffer.concat([body, ...opts])));
        ids.set(i.id, next++);
      },
      onRecord(rec: CaptureRecord) {
        frames++;
        const notes = comments.get(rec.frame);
        if (onlyCommented && !notes) return;
        const [high, low] = nanoseconds(rec.tsSec, rec.tsNsec);
        header.writeUInt32LE(ids.get(rec.interfaceId) ?? 0, 0);
        header.writeUInt32LE(high, 4);
        header.writeUInt32LE(low, 8);
        header.writeUInt32LE(rec.capLen, 12);
        header.writeUInt32LE(rec.origLen, 16);
        const data = rec.data.subarray(rec.offset, rec.offset + rec.capLen);
        const opts = notes ? [...notes.map((n) => option(1, Buffer.from(n))), END_OF_OPTIONS] : [];
        put(block(6, Buffer.concat([header, data, Buffer.alloc(pad4(rec.capLen)), ...opts])));
        written++;
        if (notes) commented++;
      },
      onNotice() {
        // The check that ran first reported the file's problems.
      },
    });
    flush();
  } catch (e) {
    out.discard();
    throw e;
  }
  out.commit();
  return { frames, written, commented };
}
