import type { Finding } from '../model/report.js';

/** One list of a finding's frames as a report shows it: in a capture, or in one file of a sequence. */
export interface FrameGroup {
  readonly input: number;
  /** The file of a sequence the frames are numbered in (its own numbers), when the capture is one. */
  readonly file?: string;
  readonly frames: readonly number[];
  readonly filter: string;
}

/** A finding's frames, then its counterparts' on other captures; a sequence's frames per file, as each file numbers them. */
export function frameGroups(f: Finding): FrameGroup[] {
  const own: FrameGroup[] = f.at
    ? f.at.map((x) => ({ input: f.input, file: x.file, frames: x.frames, filter: x.filter }))
    : [{ input: f.input, frames: f.frames, filter: f.filter }];
  return [...own, ...(f.related ?? [])];
}

/** The file's last path part: what a frames cell names (the inputs list has the paths). */
export const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
