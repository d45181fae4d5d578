/**
 * Big-endian reads for decoders that have already checked their bounds. Buffer's own
 * readUInt16BE/readUInt32BE validate the offset on every call, which showed in profiles
 * of the per-packet path; these are plain byte arithmetic.
 */
export const u16 = (b: Buffer, o: number): number => (b[o]! << 8) | b[o + 1]!;
export const u32 = (b: Buffer, o: number): number =>
  b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
export const i32 = (b: Buffer, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
