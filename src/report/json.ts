import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Report } from '../model/report.js';
import type { DiffReport } from '../model/diff.js';
import { ConfigError } from '../config/error.js';

/**
 * A schema of the package: `schema/` at the package root, two levels up from `src/report/`
 * when run from source and three from `dist/src/report/` when built. Only that one place: a
 * search that tried both could find a stray copy outside the package.
 */
export const schemaUrl = (file: string): URL =>
  new URL(`${import.meta.url.includes('/dist/src/report/') ? '../../../' : '../../'}schema/${file}`, import.meta.url);

/** The JSON documents the tool writes, each with its schema in schema/: `check`'s report, `diff`'s, a shard's state. */
export type SchemaName = 'report' | 'diff' | 'state';
const SCHEMA_FILES: Readonly<Record<SchemaName, string>> = {
  report: 'report.schema.json',
  diff: 'diff-report.schema.json',
  state: 'state.schema.json',
};
/** The schemas a schema refers to by `$ref` (a state's report parts are the report's). */
const REFERS: Readonly<Partial<Record<SchemaName, readonly SchemaName[]>>> = { state: ['report'] };

/** What renderJson needs of a validator: ajv's compiled function or the build's standalone one. */
export interface ReportCheck {
  (data: unknown): boolean;
  errors?: unknown;
}

const validators = new Map<SchemaName, ValidateFunction>();

/** The ajv validator for a schema that ships in the package (ajv loaded and compiled on first use). */
export function reportValidator(name: SchemaName = 'report'): ValidateFunction {
  let validator = validators.get(name);
  if (!validator) {
    const load = (n: SchemaName): object => JSON.parse(readFileSync(schemaUrl(SCHEMA_FILES[n]), 'utf8')) as object;
    // Loaded lazily: ajv is a hundred modules, and a table run never needs it.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    const ajv = new Ajv({ allErrors: true, strict: true });
    for (const r of REFERS[name] ?? []) ajv.addSchema(load(r));
    validator = ajv.compile(load(name));
    validators.set(name, validator);
  }
  return validator;
}

/**
 * The validator `npm run build` compiles from the schema (scripts/compile-validator.mjs):
 * the same checks without loading and compiling ajv at startup. Falls back to ajv where the
 * build did not run (tests from source).
 */
export function buildValidator(name: SchemaName = 'report'): ReportCheck {
  try {
    return createRequire(import.meta.url)(`./${name}-validator.cjs`) as ReportCheck;
  } catch {
    return reportValidator(name);
  }
}

/** Renders the report as JSON, after checking it against the schema (a failure is a bug). */
export function renderJson(report: Report | DiffReport, validate: ReportCheck = reportValidator()): string {
  if (!validate(report)) throw new Error(`report does not match its schema: ${JSON.stringify(validate.errors)}`);
  try {
    return `${JSON.stringify(report, null, 2)}\n`;
  } catch (e) {
    // V8 caps one string near 512 MiB: a merge of about half a million softwires' reports reaches it.
    if (!(e instanceof RangeError)) throw e;
    const n = 'softwires' in report ? `${report.softwires.length} softwires, ${report.findings.length} findings` : '';
    throw new ConfigError(
      `the report (${n}) is larger than one JSON document can be here: merge fewer reports at a time`,
    );
  }
}
