import { u16 } from './bytes.js';

/**
 * TCP and UDP both begin with the source and destination ports: what an ICMP error's quote (often
 * cut after 8 bytes) and a reassembled datagram's payload are read for without a full decode.
 */
export const PORTS_LENGTH = 4;
export const srcPortAt = (buf: Buffer, off: number): number => u16(buf, off);
export const dstPortAt = (buf: Buffer, off: number): number => u16(buf, off + 2);
