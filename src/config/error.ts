/** A bad setting or input the user can fix: one line on stderr and exit 2 (never "internal error"). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
