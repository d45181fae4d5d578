/** Small formatting helpers shared by the human-readable renderers. */

/** [3,4,5,9] → "3–5, 9"; long lists are cut after `max` items with a count. */
export function frameList(frames: readonly number[], max = 12): string {
  const parts: string[] = [];
  for (let i = 0; i < frames.length; ) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === frames[j]! + 1) j++;
    parts.push(j > i ? `${frames[i]}–${frames[j]}` : String(frames[i]));
    i = j + 1;
  }
  return parts.length > max ? `${parts.slice(0, max).join(', ')} … (+${parts.length - max})` : parts.join(', ');
}

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
