import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config/error.js';

/** An output a command was asked to write, by the option that named it. */
export interface NamedOutput {
  readonly option: string;
  readonly path: string | undefined;
}

/** Device and inode: the same file however it is spelt (./x, a hard or symbolic link). */
function identity(path: string): string | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st && st.isFile() ? `${st.dev}:${st.ino}` : undefined;
}

/**
 * Refuses, before anything is read or written, an output that is one of the inputs (or that another
 * output names too): writing it would destroy the capture being checked. Standard input ("-") and outputs
 * that do not exist yet cannot collide.
 */
export function refuseOutputsOverInputs(
  outputs: readonly NamedOutput[],
  inputs: readonly (string | undefined)[],
): void {
  const given = new Map<string, string>();
  for (const input of inputs) {
    if (input === undefined || input === '-') continue;
    const id = identity(input);
    if (id !== undefined && !given.has(id)) given.set(id, `the input ${input}`);
  }
  for (const o of outputs) {
    if (o.path === undefined || o.path === '-') continue;
    if (o.path === '') throw new ConfigError(`${o.option}: an empty file name`);
    const st = statSync(o.path, { throwIfNoEntry: false });
    if (st?.isDirectory()) throw new ConfigError(`${o.option} ${o.path}: is a directory`);
    // Two outputs not written yet collide by name.
    const id = identity(o.path) ?? `new:${resolve(o.path)}`;
    const clash = given.get(id);
    if (clash !== undefined) throw new ConfigError(`${o.option} ${o.path}: is ${clash}; refusing to overwrite it`);
    given.set(id, `the output of ${o.option}`);
  }
}
