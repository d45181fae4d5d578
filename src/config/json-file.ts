import { readFileSync } from 'node:fs';
import { ConfigError } from './error.js';

/**
 * A JSON file the user named (configuration, baseline, report to merge), or one line that says
 * what is wrong with it. The parser's own message quotes the file, so for a file that is not
 * text (a capture given by mistake) only that is said, never its bytes.
 */
export function readJsonFile(path: string, what: string, name = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(`${name}: cannot read the ${what} (${err.code ?? err.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // eslint-disable-next-line no-control-regex -- control characters are what marks a binary file
    const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text.slice(0, 4096));
    const why = binary ? 'a binary file' : (e as Error).message.replace(/\s*\n\s*/g, ' ');
    throw new ConfigError(`${name}: not JSON, so not a ${what} file (${why})`);
  }
}
