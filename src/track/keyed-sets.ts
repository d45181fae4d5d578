import type { DefragLimits } from './defrag-ipv6.js';
import { createFifoMap } from './fifo-map.js';
import { isComplete, type FragmentSet } from './reassembly.js';

export type SetStatus = 'complete' | 'overlap' | 'timeout' | 'end-of-capture' | 'evicted' | 'too-many-fragments';

/** What a keyed tracker keeps per open set: the set itself, plus whatever the protocol needs. */
export interface OpenSet {
  readonly set: FragmentSet;
}

/**
 * The lifecycle both reassemblers share (outer IPv6, RFC 8200 §4.5; inner IPv4, RFC 791):
 * sets keyed by the protocol's fields in first-arrival order, bounded in number, fragments
 * per set and bytes held, expired by capture time, every drop reported as
 * `reassembly.<protocol>.*`. The protocol adds pieces to a set and says how a set is closed.
 */
export interface KeyedSets<P extends OpenSet> {
  get(key: string): P | undefined;
  /** Starts a set for `key` (absent), making room first. */
  open(key: string, made: P, frame: number, time: number): P;
  /** Call after adding a piece to `p.set` (`before` = its bytes before): enforces the limits, closes a finished set. */
  added(key: string, p: P, before: number, frame: number, time: number): void;
  tick(time: number): void;
  finish(time: number): void;
  readonly inFlight: number;
  readonly bytesHeld: number;
}

export function createKeyedSets<P extends OpenSet>(
  protocol: 'ipv4' | 'ipv6',
  limits: DefragLimits,
  close: (p: P, status: SetStatus, time: number) => void,
  onAnomaly: (id: string, frame: number) => void,
): KeyedSets<P> {
  /** Insertion order is first-arrival order: the oldest entry is always the oldest set. */
  const pending = createFifoMap<string, P>();
  let bytesHeld = 0;

  function end(key: string, p: P, status: SetStatus, time: number): void {
    pending.delete(key);
    bytesHeld -= p.set.bytes;
    close(p, status, time);
  }

  function makeRoom(frame: number, time: number): void {
    while (pending.size >= limits.maxDatagrams || bytesHeld > limits.maxBytes) {
      const oldest = pending.oldest();
      if (!oldest) return;
      onAnomaly(`reassembly.${protocol}.evicted`, frame);
      end(oldest[0], oldest[1], 'evicted', time);
    }
  }

  function tick(time: number): void {
    for (let o = pending.oldest(); o && time - o[1].set.firstTime > limits.timeoutSeconds; o = pending.oldest())
      end(o[0], o[1], 'timeout', o[1].set.firstTime + limits.timeoutSeconds);
  }

  return {
    get: (key) => pending.get(key),
    open(key, made, frame, time) {
      makeRoom(frame, time);
      pending.set(key, made);
      return made;
    },
    added(key, p, before, frame, time) {
      bytesHeld += p.set.bytes - before;
      if (p.set.pieces.length > limits.maxFragmentsPerDatagram) {
        onAnomaly(`reassembly.${protocol}.too_many_fragments`, frame);
        end(key, p, 'too-many-fragments', time);
      } else if (isComplete(p.set)) end(key, p, p.set.overlap === 'none' ? 'complete' : 'overlap', time);
      else if (bytesHeld > limits.maxBytes) makeRoom(frame, time);
    },
    tick,
    finish(time) {
      // Sets already past their timeout when the capture ends timed out; the rest were cut by its end.
      tick(time);
      for (const [key, p] of pending.entries()) end(key, p, 'end-of-capture', time);
    },
    get inFlight() {
      return pending.size;
    },
    get bytesHeld() {
      return bytesHeld;
    },
  };
}
