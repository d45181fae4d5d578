/** One captured frame as the readers hand it to the pipeline. */
export interface CaptureRecord {
  /** 1-based, as Wireshark numbers frames in this file. */
  readonly frame: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly interfaceId: number;
  readonly linkType: number;
  readonly capLen: number;
  readonly origLen: number;
  /**
   * The captured bytes. Only valid during the callback: readers reuse their buffers
   * and the record object itself, so anything kept must be copied.
   */
  readonly data: Buffer;
  /** Where the frame starts in `data` (the reader's chunk); the frame is data[offset, offset + capLen). */
  readonly offset: number;
  /** pcapng epb_flags direction, when the capture says. */
  readonly direction: 'in' | 'out' | undefined;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Copies a record's fields into a reader's own record object (field by field: no object per frame). */
export function copyRecord(to: Mutable<CaptureRecord>, from: CaptureRecord): void {
  to.frame = from.frame;
  to.tsSec = from.tsSec;
  to.tsNsec = from.tsNsec;
  to.interfaceId = from.interfaceId;
  to.linkType = from.linkType;
  to.capLen = from.capLen;
  to.origLen = from.origLen;
  to.data = from.data;
  to.offset = from.offset;
  to.direction = from.direction;
}

/** A record object for a reader to fill and reuse, one per reader (a record is valid during its callback only). */
export const blankRecord = (): Mutable<CaptureRecord> => ({
  frame: 0,
  tsSec: 0,
  tsNsec: 0,
  interfaceId: 0,
  linkType: 0,
  capLen: 0,
  origLen: 0,
  data: Buffer.alloc(0),
  offset: 0,
  direction: undefined,
});

export interface CaptureInterface {
  readonly id: number;
  readonly linkType: number;
  readonly snapLen: number;
  readonly name?: string;
  readonly description?: string;
}

/** Things a reader notices about the file itself; IDs are stable (see dissect/anomalies.ts). */
export interface ReaderNotice {
  readonly id: string;
  readonly frame?: number;
  readonly detail: string;
  /** True when the reader stopped because of it: the rest of the file was not read. */
  readonly fatal?: boolean;
}

export interface InterfaceStats {
  readonly interfaceId: number;
  readonly ifDrop?: number;
  readonly osDrop?: number;
}

export interface CaptureSink {
  onRecord(rec: CaptureRecord): void;
  onInterface(iface: CaptureInterface): void;
  onNotice(n: ReaderNotice): void;
  onStats?(s: InterfaceStats): void;
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

export interface CaptureParser {
  readonly format: CaptureFormat;
  feed(chunk: Buffer): void;
  end(): void;
  /** True once the parser gave up (a fatal notice was sent); later chunks are ignored. */
  readonly stopped: boolean;
  readonly bigEndian: boolean;
}

/** A record larger than this is an anomaly, never an allocation. */
export const MAX_RECORD = 256 * 1024;

/** Raised for input that is not a capture at all: maps to exit code 2. */
export class CaptureFileError extends Error {
  override readonly name = 'CaptureFileError';
}
