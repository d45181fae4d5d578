import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Report } from './model.js';

export const SCHEMA_URL = new URL('../../../schema/report.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;

/** The ajv validator for the report schema that ships in the package (compiled once). */
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
    validator = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

/** Renders the report as JSON, after checking it against the schema (a failure is a bug). */
export function renderJson(report: Report): string {
  const validate = reportValidator();
  if (!validate(report)) throw new Error(`report does not match its schema: ${JSON.stringify(validate.errors)}`);
  return `${JSON.stringify(report, null, 2)}\n`;
}
