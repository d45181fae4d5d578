/** RFC 1071 Internet checksum over [off, end), folded, not complemented. */
export function onesSum(buf: Buffer, off: number, end: number, seed = 0): number {
  let sum = seed;
  let i = off;
  for (; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) sum += buf[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The value to store in a checksum field whose bytes are currently zero. */
export function internetChecksum(buf: Buffer, off: number, end: number, seed = 0): number {
  return ~onesSum(buf, off, end, seed) & 0xffff;
}
