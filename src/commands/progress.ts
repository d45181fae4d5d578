import { readProgress } from '../capture/progress.js';

const mb = (n: number): string => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);

/** One progress line from what was read after `seconds` of wall time (the only wall-clock use: it is for the person waiting). */
export function progressLine(bytes: number, size: number, frames: number, seconds: number): string {
  const rate = seconds > 0 ? frames / seconds : 0;
  const parts = [
    `read ${mb(bytes)}${size > 0 ? ` of ${mb(size)} (${Math.min(100, (bytes / size) * 100).toFixed(0)} %)` : ''}`,
    `${frames.toLocaleString('en')} frames`,
    `${Math.round(rate).toLocaleString('en')} packets/s`,
  ];
  if (size > 0 && bytes > 0 && bytes < size)
    parts.push(`about ${Math.ceil(((size - bytes) / bytes) * seconds)} s left`);
  return parts.join(', ');
}

/**
 * A progress line on stderr, redrawn four times a second, for long runs at a terminal: only
 * when stderr is a TTY and --quiet is not given; wiped when the run ends.
 */
export function startProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): () => void {
  if (!enabled) return () => {};
  const start = performance.now();
  let shown = false;
  const timer = setInterval(
    () => {
      const line = progressLine(
        readProgress.bytes,
        readProgress.size,
        readProgress.frames,
        (performance.now() - start) / 1000,
      );
      stream.write(`\r\u001b[2K${line}`);
      shown = true;
    },
    Number(process.env['DSLITE_CHECK_PROGRESS_MS']) || 250,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) stream.write('\r\u001b[2K');
  };
}
