import type { FileFrames, Finding } from '../model/report.js';

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
  const groups = (x: { input: number; frames: readonly number[]; filter: string; at?: readonly FileFrames[] }) =>
    x.at
      ? x.at.map((y) => ({ input: x.input, file: y.file, frames: y.frames, filter: y.filter }))
      : [{ input: x.input, frames: x.frames, filter: x.filter }];
  return [f, ...(f.related ?? [])].flatMap(groups);
}

/** The file's last path part: what a frames cell names (the inputs list has the paths). */
export const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
