/**
 * Decoders never throw on packet bytes. They return the header, or one of these
 * shared singletons (no allocation on the hot path) saying why they could not.
 * `short` means the header needs bytes beyond the end given; the dissector then
 * decides whether the snap length or the packet itself is to blame.
 */
export class DecodeFault {
  constructor(readonly fault: string) {
    Object.freeze(this);
  }
}

/** The type decoders return beside their header. */
export type Fault = DecodeFault;

const cache = new Map<string, Fault>();

export function fault(name: string): Fault {
  let f = cache.get(name);
  if (!f) {
    f = new DecodeFault(name);
    cache.set(name, f);
  }
  return f;
}

export const SHORT: Fault = fault('short');

/** `instanceof` stays fast across the many header shapes, where an `in` test goes megamorphic. */
export function isFault(x: unknown): x is Fault {
  return x instanceof DecodeFault;
}
