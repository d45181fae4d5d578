/**
 * What the readers have consumed so far, for a progress line: raw bytes of the capture files
 * (compressed bytes for gzip, so the share of the file size stays right) and frames. Module
 * state, as there is one run per process; counting costs one add per chunk and per frame.
 */
export const readProgress = { bytes: 0, frames: 0, size: 0 };
