import { createPcapParser, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap.js';
import { createPcapngParser, PCAPNG_SHB } from './pcapng.js';
import { type CaptureParser, type CaptureSink, CaptureFileError } from './types.js';

/** Picks the parser from the first four bytes (magic numbers, never the file name). */
export function parserForHead(magic: Buffer, sink: CaptureSink): CaptureParser {
  const le = magic.readUInt32LE(0);
  const be = magic.readUInt32BE(0);
  if (le === PCAPNG_SHB) return createPcapngParser(sink);
  if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS || be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS)
    return createPcapParser(sink);
  throw new CaptureFileError('not a capture file (neither pcap nor pcapng, nor gzip of one)');
}
