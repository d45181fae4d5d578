import { closeSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * An output file written beside its final name and renamed into place only when complete
 * (rename within one directory is atomic on POSIX): a run that fails half-way leaves no partial
 * file and never replaces an existing good one.
 */
export interface OutputFile {
  /** The open descriptor of the temporary file. */
  readonly fd: number;
  /** Flushes, closes and renames the temporary file to its final name. */
  commit(): void;
  /** Closes and removes the temporary file; the final name is left as it was. */
  discard(): void;
}

let serial = 0;

/** A device, FIFO or socket (/dev/stdout, a named pipe) is written in place: it cannot be renamed over, and holds no file to lose. */
function special(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && !st.isFile() && !st.isDirectory();
}

export function openOutput(path: string): OutputFile {
  if (special(path)) {
    const fd = openSync(path, 'w');
    return { fd, commit: () => closeSync(fd), discard: () => closeSync(fd) };
  }
  // Through a symbolic link, the file it names is replaced, not the link.
  const target = statSync(path, { throwIfNoEntry: false }) ? realpathSync(path) : path;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${serial++}.partial`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o644);
  } catch (e) {
    // The user named the output, not the temporary file: say that name (a missing directory, no permission).
    (e as NodeJS.ErrnoException).path = path;
    throw e;
  }
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    fd,
    commit() {
      close();
      renameSync(temp, target);
    },
    discard() {
      close();
      rmSync(temp, { force: true });
    },
  };
}

/** Writes `text` to `path` through a temporary file (see OutputFile). */
export function writeFileAtomic(path: string, text: string | Buffer): void {
  const out = openOutput(path);
  try {
    const data = typeof text === 'string' ? Buffer.from(text) : text;
    for (let at = 0; at < data.length;) at += writeSync(out.fd, data, at);
  } catch (e) {
    out.discard();
    throw e;
  }
  out.commit();
}
