import type { Direction } from '../track/events.js';

/** Who put a packet of this direction on the link: the B4 sends up, the AFTR down. */
export const sender = (dir: Direction): 'B4' | 'AFTR' => (dir === 'up' ? 'B4' : 'AFTR');
export const receiver = (dir: Direction): 'B4' | 'AFTR' => (dir === 'up' ? 'AFTR' : 'B4');
export const hex = (n: number, width = 8): string => `0x${n.toString(16).padStart(width, '0')}`;

/** "12–13" for a run of frames, "12, 15" otherwise (a few at most). */
export function frameText(frames: readonly number[]): string {
  const s = [...new Set(frames)].sort((a, b) => a - b);
  if (s.length > 1 && s[s.length - 1]! - s[0]! === s.length - 1) return `${s[0]}–${s[s.length - 1]}`;
  return s.length > 6 ? `${s.slice(0, 6).join(', ')}, …` : s.join(', ');
}
