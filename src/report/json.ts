import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Report } from './model.js';

export const SCHEMA_URL = new URL('../../../schema/report.schema.json', import.meta.url);

/** What renderJson needs of a validator: ajv's compiled function or the build's standalone one. */
export interface ReportCheck {
  (data: unknown): boolean;
  errors?: unknown;
}

let validator: ValidateFunction | undefined;

/** The ajv validator for the report schema that ships in the package (ajv loaded and compiled on first use). */
export function reportValidator(): ValidateFunction {
  if (!validator) {
    const schemaPath = [SCHEMA_URL, new URL('../../schema/report.schema.json', import.meta.url)].find((u) => {
      try {
        readFileSync(u);
        return true;
      } catch {
        return false;
      }
    });
    if (!schemaPath) throw new Error('report.schema.json not found next to the package');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
    // Loaded lazily: ajv is a hundred modules, and a table run never needs it.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    validator = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

/**
 * The validator `npm run build` compiles from the schema (scripts/compile-validator.mjs):
 * the same checks without loading and compiling ajv at startup. Falls back to ajv where the
 * build did not run (tests from source).
 */
export function buildValidator(): ReportCheck {
  try {
    return createRequire(import.meta.url)('./report-validator.cjs') as ReportCheck;
  } catch {
    return reportValidator();
  }
}

/** Renders the report as JSON, after checking it against the schema (a failure is a bug). */
export function renderJson(report: Report, validate: ReportCheck = reportValidator()): string {
  if (!validate(report)) throw new Error(`report does not match its schema: ${JSON.stringify(validate.errors)}`);
  return `${JSON.stringify(report, null, 2)}\n`;
}
