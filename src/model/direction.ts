/**
 * The vocabulary every tracker shares, with no imports: a module low enough for all of
 * `track/` (and the events built from it) to import without a cycle.
 */

/** A softwire packet's way: up is B4 → AFTR, down is AFTR → B4. */
export type Direction = 'up' | 'down';
