/** Small formatting helpers shared by the human-readable renderers (the wording every stage shares is model/words.ts). */

export function bytes(n: number): string {
  if (n < 10_000) return `${n} B`;
  if (n < 10_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 10_000_000_000) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

export function valueCounts(v: readonly { value: number; count: number }[], hex = false, max = 4): string {
  if (v.length === 0) return '–';
  const sorted = [...v].sort((a, b) => b.count - a.count || a.value - b.value);
  const txt = sorted.slice(0, max).map((x) => (hex ? `0x${x.value.toString(16).padStart(2, '0')}` : String(x.value)));
  return sorted.length > max ? `${txt.join(' ')} +${sorted.length - max}` : txt.join(' ');
}

/** "1 softwire", "2 softwires": a count with its noun in the right number. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
