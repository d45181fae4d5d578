/** Frames an anomaly's summary lists: enough to find the packets in Wireshark, bounded however many come. */
const MAX_FRAMES = 10;

/**
 * Keeps the MAX_FRAMES smallest frame numbers in order, whatever order they come in (timeouts
 * report old frames late; a shard's frames merged with the others' give one run's).
 */
export function keepFrame(frames: number[], frame: number): void {
  const n = frames.length;
  if (n === MAX_FRAMES && frame >= frames[n - 1]!) return;
  let i = n;
  while (i > 0 && frames[i - 1]! > frame) i--;
  frames.splice(i, 0, frame);
  if (frames.length > MAX_FRAMES) frames.length = MAX_FRAMES;
}
