/**
 * Defaults that the CLI help, the configuration and the pipeline all read: one place each.
 * This module imports nothing, so any stage may use it.
 */

/** Seconds either way within which a counterpart must appear on the other capture (catalogue §11.4). */
export const DEFAULT_MATCH_WINDOW = 0.2;
