// No imports: the CLI reads the terminal's facts before it loads any report code.

/** The width of text output when neither the terminal nor COLUMNS gives one. */
export const DEFAULT_WIDTH = 120;
/** Below this no table is legible; a narrower COLUMNS is raised to it. */
export const MIN_WIDTH = 60;

/**
 * The width text output must fit (docs/cli.md, "Output width"): the terminal's when standard output
 * is one, else COLUMNS when set, else DEFAULT_WIDTH.
 */
export function outputWidth(toStdout: boolean, env: NodeJS.ProcessEnv = process.env): number {
  const tty = toStdout && process.stdout.isTTY === true ? process.stdout.columns : undefined;
  const columns = Number(env['COLUMNS']);
  const width = tty && tty > 0 ? tty : Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, width);
}

/** Colour: as asked (--color / --no-color), else only on a terminal without NO_COLOR; never into a file. */
export const colourOn = (
  asked: boolean | undefined,
  toStdout: boolean,
  env: NodeJS.ProcessEnv = process.env,
): boolean => toStdout && (asked ?? (process.stdout.isTTY === true && !env['NO_COLOR']));
