import type { Direction } from '../track/events.js';
import { frameList } from '../model/words.js';

/** Who put a packet of this direction on the link: the B4 sends up, the AFTR down. */
export const sender = (dir: Direction): 'B4' | 'AFTR' => (dir === 'up' ? 'B4' : 'AFTR');
export const receiver = (dir: Direction): 'B4' | 'AFTR' => (dir === 'up' ? 'AFTR' : 'B4');
export const hex = (n: number, width = 8): string => `0x${n.toString(16).padStart(width, '0')}`;

/** Frames for a message: sorted, once each, runs joined ("3–5, 9"), a few runs at most. */
export const frameText = (frames: readonly number[]): string =>
  frameList(
    [...new Set(frames)].sort((a, b) => a - b),
    6,
  );
