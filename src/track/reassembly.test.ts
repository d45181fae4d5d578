import { describe, expect, it } from 'vitest';
import { addPiece, assemble, gaps, isComplete, newSet, type Piece } from './reassembly.js';
import { prng } from '../../bench/fuzz-mutate.js';

function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** Cuts `payload` into pieces of `size` bytes (multiple of 8 except the last). */
function cut(payload: Buffer, size: number): Piece[] {
  const out: Piece[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const len = Math.min(size, payload.length - off);
    out.push({
      offset: off,
      length: len,
      more: off + len < payload.length,
      frame: out.length + 1,
      data: payload.subarray(off, off + len),
    });
  }
  return out;
}

describe('fragment set', () => {
  it('property: any shuffle of a fragmentation, with duplicates, gives back the payload (MTU 1280–9000)', () => {
    const r = rng(42);
    for (let round = 0; round < 400; round++) {
      const mtu = 1280 + Math.floor(r() * (9000 - 1280));
      const size = Math.floor((mtu - 48) / 8) * 8;
      const payload = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 65000) }, () => Math.floor(r() * 256)));
      const pieces = cut(payload, size);
      const withDups = [...pieces, ...pieces.filter(() => r() < 0.2)];
      for (let i = withDups.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [withDups[i], withDups[j]] = [withDups[j]!, withDups[i]!];
      }
      const set = newSet(0);
      let completeAt = -1;
      withDups.forEach((p, i) => {
        addPiece(set, p);
        if (completeAt < 0 && isComplete(set)) completeAt = i;
      });
      expect(set.overlap).toBe('none');
      expect(completeAt).toBeGreaterThanOrEqual(pieces.length - 1);
      expect(assemble(set)!.equals(payload)).toBe(true);
      expect(set.duplicates).toBe(withDups.length - pieces.length);
    }
  });

  it('tells identical overlap from inconsistent overlap, and names the frames', () => {
    const payload = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
    const a = newSet(0);
    addPiece(a, { offset: 0, length: 32, more: true, frame: 1, data: payload.subarray(0, 32) });
    expect(addPiece(a, { offset: 24, length: 40, more: false, frame: 2, data: payload.subarray(24, 64) })).toBe(
      'overlap',
    );
    expect([a.overlap, a.overlapFrames]).toEqual(['identical', [2]]);
    const b = newSet(0);
    addPiece(b, { offset: 0, length: 32, more: true, frame: 1, data: payload.subarray(0, 32) });
    const other = Buffer.from(payload.subarray(24, 64));
    other[0] = 0xff;
    addPiece(b, { offset: 24, length: 40, more: false, frame: 5, data: other });
    expect([b.overlap, b.overlapFrames]).toEqual(['inconsistent', [5]]);
    // With overlap, the assembler's policy decides whose bytes stand.
    expect(assemble(b, 'first')![24]).toBe(24);
    expect(assemble(b, 'last')![24]).toBe(0xff);
  });

  it('reports gaps of an incomplete set, and an unknown end', () => {
    const s = newSet(0);
    addPiece(s, { offset: 8, length: 8, more: true, frame: 1, data: Buffer.alloc(8) });
    expect(isComplete(s)).toBe(false);
    expect(gaps(s)).toEqual([
      [0, 8],
      [16, undefined],
    ]);
    addPiece(s, { offset: 24, length: 8, more: false, frame: 2, data: Buffer.alloc(8) });
    expect(gaps(s)).toEqual([
      [0, 8],
      [16, 24],
    ]);
  });

  it('completes without bytes when the snap length cut a piece', () => {
    const s = newSet(0);
    addPiece(s, { offset: 0, length: 16, more: true, frame: 1, data: Buffer.alloc(4) });
    addPiece(s, { offset: 16, length: 8, more: false, frame: 2, data: Buffer.alloc(8) });
    expect(isComplete(s)).toBe(true);
    expect(s.truncated).toBe(true);
    expect(assemble(s)).toBeUndefined();
  });

  it('notices two different ends', () => {
    const s = newSet(0);
    addPiece(s, { offset: 0, length: 8, more: false, frame: 1, data: Buffer.alloc(8) });
    addPiece(s, { offset: 8, length: 8, more: false, frame: 2, data: Buffer.alloc(8) });
    expect(s.conflictingEnd).toBe(true);
  });
});

describe('isComplete', () => {
  it('agrees with a byte-by-byte coverage count on random sets of one to four pieces', () => {
    const rnd = prng(8200);
    for (let round = 0; round < 20_000; round++) {
      const set = newSet(0);
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) {
        const offset = Math.floor(rnd() * 5) * 8;
        const length = Math.floor(rnd() * 5) * 8;
        addPiece(set, { offset, length, more: rnd() < 0.7, frame: i + 1, data: Buffer.alloc(length) });
      }
      const covered = new Set<number>();
      for (const p of set.pieces) for (let x = p.offset; x < p.offset + p.length; x++) covered.add(x);
      const expected =
        set.total !== undefined && Array.from({ length: set.total }, (_x, i) => covered.has(i)).every(Boolean);
      expect(isComplete(set)).toBe(expected);
    }
  });
});
