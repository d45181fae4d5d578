/**
 * Decoders never throw on packet bytes. They return the header, or one of these
 * shared singletons (no allocation on the hot path) saying why they could not.
 * `short` means the header needs bytes beyond the end given; the dissector then
 * decides whether the snap length or the packet itself is to blame.
 */
export interface Fault {
  readonly fault: string;
  /** Bytes the header needed from its start, for snap-length attribution. */
  readonly need?: number;
}

const cache = new Map<string, Fault>();

export function fault(name: string): Fault {
  let f = cache.get(name);
  if (!f) {
    f = Object.freeze({ fault: name });
    cache.set(name, f);
  }
  return f;
}

export const SHORT: Fault = fault('short');

export function isFault(x: unknown): x is Fault {
  return typeof x === 'object' && x !== null && 'fault' in x;
}
