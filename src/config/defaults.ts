/**
 * Defaults that the CLI help, the configuration and the pipeline all read: one place each.
 * This module imports nothing, so any stage may use it.
 */

/** Seconds either way within which a counterpart must appear on the other capture (catalogue §11.4). */
export const DEFAULT_MATCH_WINDOW = 0.2;

/** The link MTU assumed where none is configured nor shown by the capture: Ethernet's, as hosts assume (RFC 894). */
export const ASSUMED_LINK_MTU = 1500;

/** The LAN MTU assumed unless configured (--lan-mtu). */
export const DEFAULT_LAN_MTU = 1500;

/** Largest inner flows a report lists (--top), for the CLI and the API alike. */
export const DEFAULT_TOP = 20;
