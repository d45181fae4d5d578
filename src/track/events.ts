import type { Dissection, Ip4Packet, Ip6Packet } from '../dissect/types.js';
import type { Softwire } from './softwires.js';

export type Direction = 'up' | 'down';

/** Where and when a frame was seen. `time` is capture time in seconds (never the wall clock). */
export interface FrameMeta {
  readonly input: number;
  readonly frame: number;
  readonly time: number;
  readonly capLen: number;
  readonly origLen: number;
  readonly interfaceId: number;
}

/** An IPv4-in-IPv6 frame between a B4 and an AFTR (including outer fragments). */
export interface SoftwirePacketEvent {
  readonly type: 'softwire-packet';
  readonly meta: FrameMeta;
  readonly d: Dissection;
  readonly outer: Ip6Packet;
  /** Absent for non-first outer fragments and when the inner header did not decode. */
  readonly inner?: Ip4Packet;
  readonly softwire: Softwire;
  readonly dir: Direction;
}

/** Emitted once at the end of each input, so rules can conclude. */
export interface InputEndEvent {
  readonly type: 'input-end';
  readonly input: number;
}

export type PipelineEvent = SoftwirePacketEvent | InputEndEvent;
export type EventType = PipelineEvent['type'];
