import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in per cent, on a
 * two-point check. Correlating a tunnel with an Internet side allocates fast, and V8 then lets
 * the heap grow up to four times its live size between full collections: on 1M + 0.8M
 * realistic frames the peak RSS varied from 253 to 331 MB over three runs (live heap ≈ 90 MB),
 * at 20 % it was 229 MB, as fast (15.0 s against 14.3–16.3 s). A one-capture check keeps the
 * default: its live state is small and the limit cost it about 5 % of its speed.
 */
export const TWO_POINT_HEAP_GROWTH = 20;

/**
 * Sets V8's heap growing factor for this process. The flag is read at each full collection,
 * so it takes effect after start-up (Node's NODE_OPTIONS does not admit it); a CLI-only
 * choice: a program that calls the API keeps its own heap policy.
 */
export function limitHeapGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
