import { createFramer, noteCut } from './framer.js';
import { blankRecord, type CaptureParser, type CaptureSink, CaptureFileError, MAX_RECORD } from './types.js';

/** Classic libpcap format: 24-byte global header, 16-byte record headers. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
const ERR_OVERSIZED = -1;

export function createPcapParser(sink: CaptureSink): CaptureParser {
  let headerDone = false;
  let le = true;
  let nano = false;
  let snapLen = 0;
  let linkType = 0;
  let frame = 0;

  // Plain byte arithmetic: Buffer#readUInt32* validates its argument on every call (per record here).
  const rec = blankRecord();
  const u32 = (b: Buffer, o: number): number =>
    le
      ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000
      : b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);

  function measure(buf: Buffer, off: number, avail: number): number {
    if (!headerDone) return GLOBAL_HEADER;
    if (avail < RECORD_HEADER) return RECORD_HEADER;
    const incl = u32(buf, off + 8);
    if (incl > MAX_RECORD) return ERR_OVERSIZED;
    return RECORD_HEADER + incl;
  }

  function readHeader(buf: Buffer, off: number): void {
    const magicLe = buf.readUInt32LE(off);
    const magicBe = buf.readUInt32BE(off);
    if (magicLe === PCAP_MAGIC_US || magicLe === PCAP_MAGIC_NS) le = true;
    else if (magicBe === PCAP_MAGIC_US || magicBe === PCAP_MAGIC_NS) le = false;
    else throw new CaptureFileError('not a pcap file (bad magic number)');
    nano = (le ? magicLe : magicBe) === PCAP_MAGIC_NS;
    snapLen = u32(buf, off + 16);
    // The upper bits of the link-type field carry FCS information (pcap spec §"LinkType").
    linkType = u32(buf, off + 20) & 0x0fffffff;
    headerDone = true;
    sink.onInterface({ id: 0, linkType, snapLen });
  }

  function consume(buf: Buffer, off: number, len: number): void {
    if (!headerDone) return readHeader(buf, off);
    frame++;
    const incl = len - RECORD_HEADER;
    let orig = u32(buf, off + 12);
    if (snapLen > 0 && incl > snapLen) {
      sink.onNotice({
        id: 'capture.caplen_exceeds_snaplen',
        frame,
        detail: `record of ${incl} bytes exceeds the snap length ${snapLen}`,
      });
    }
    if (orig < incl) {
      sink.onNotice({
        id: 'capture.caplen_exceeds_wirelen',
        frame,
        detail: `captured length ${incl} exceeds the wire length ${orig}`,
      });
      orig = incl;
    }
    const frac = u32(buf, off + 4);
    // One record object for the whole file: records are valid only during the callback.
    rec.frame = frame;
    rec.tsSec = u32(buf, off);
    rec.tsNsec = nano ? frac : frac * 1000;
    rec.linkType = linkType;
    rec.capLen = incl;
    rec.origLen = orig;
    // The chunk itself and an offset: a subarray per record measured ~50 ns.
    rec.data = buf;
    rec.offset = off + RECORD_HEADER;
    sink.onRecord(rec);
  }

  const framer = createFramer(measure, consume, () => {
    sink.onNotice({
      id: 'capture.oversized_record',
      frame: frame + 1,
      detail: `record ${frame + 1} claims more than ${MAX_RECORD} bytes: the file is corrupt from here on, stopped reading`,
      fatal: true,
    });
  });

  return {
    get format() {
      return nano ? 'pcap-ns' : 'pcap';
    },
    get bigEndian() {
      return !le;
    },
    get stopped() {
      return framer.stopped();
    },
    feed: (chunk) => framer.feed(chunk),
    end() {
      if (!headerDone) throw new CaptureFileError('truncated pcap file header');
      noteCut(framer, sink, frame + 1, `record ${frame + 1}`);
    },
  };
}
