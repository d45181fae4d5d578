/** Programmatic API: `check(paths, options)` runs the whole pipeline and returns the report model. */
export { check, ConfigError, type CheckOptions } from './check.js';
export { CaptureFileError } from './capture/types.js';
export type {
  Report,
  Finding,
  Severity,
  Confidence,
  SoftwireSummary,
  FlowSummary,
  AnomalySummary,
  InputSummary,
  Summary,
} from './model/report.js';
export { renderJson, reportValidator } from './report/json.js';
export { renderTable } from './report/table.js';
export { RULES } from './rules/index.js';
export type { Rule, RuleMeta, RuleContext } from './rules/types.js';
export { ANOMALIES } from './dissect/anomalies.js';
