/** Pivot positions come from a fixed xorshift sequence: the answer never depends on them, only the time. */
let state = 0x2545f491;

/**
 * The k-th smallest of the first `n` values (k from 0), found in place by quickselect
 * (Hoare partition): linear time where a sort is n log n. The trackers' evictions use it
 * for the cut between the least recently seen and the rest — under a flood they cut
 * often, and a sort of every live entry's time was a quarter of the work. The pivot is
 * the median of three pseudo-random positions: slots reused in free-list order lay the
 * times out in saw-tooth runs, on which the usual first/middle/last median went
 * quadratic. Past 3·log2(n) rounds the rest is sorted, so the worst case stays n log n.
 * The order of `a` is changed.
 */
export function kthSmallest(a: Float64Array, n: number, k: number): number {
  if (k < 0 || k >= n) throw new RangeError(`kthSmallest: k = ${k} outside 0..${n - 1}`);
  let lo = 0;
  let hi = n - 1;
  let rounds = 3 * Math.ceil(Math.log2(n + 1));
  while (hi > lo) {
    if (rounds-- === 0) {
      const rest = a.subarray(lo, hi + 1).sort();
      return rest[k - lo]!;
    }
    const span = hi - lo + 1;
    const x = a[lo + (next() % span)]!;
    const y = a[lo + (next() % span)]!;
    const z = a[lo + (next() % span)]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // [lo, j] ≤ pivot, [i, hi] ≥ pivot, anything between equals it.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function next(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
}
