import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { DEFAULT_TABLES, DEFAULTS, MAX_MATCH_WINDOW, MIN_MEMORY_MB } from './defaults.js';

const SEVERITY = { enum: ['off', 'info', 'warning', 'error'] };
const ipv6 = { type: 'string', pattern: '^[0-9A-Fa-f:.]+$' };
const ipv6Prefix = { type: 'string', pattern: '^[0-9A-Fa-f:.]+/[0-9]{1,3}$' };
const ipv4Prefix = { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}(/[0-9]{1,2})?$' };
const mtu = { type: 'integer', minimum: 1280, maximum: 65535 };

/** One rule's setting in ESLint's shape: a severity, or [severity, options]. */
function ruleSetting(r: Rule): object {
  const opts = Object.entries(r.meta.options ?? {});
  const description = `${r.meta.title} (${r.meta.rfc.map((x) => `RFC ${x.document} ${x.section}`).join('; ')}); default ${r.meta.defaultSeverity}`;
  const options = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      opts.map(([k, o]) => [
        k,
        { type: 'integer', minimum: o.minimum, maximum: o.maximum, default: o.default, description: o.description },
      ]),
    ),
  };
  const items = opts.length ? [SEVERITY, options] : [SEVERITY];
  const tuple = { type: 'array', minItems: 1, maxItems: items.length, items };
  return { description, anyOf: [SEVERITY, tuple] };
}

/**
 * The configuration file's JSON Schema (schema/config.schema.json, shipped for editor
 * completion). Made from the rules' metadata so the rule list and each rule's options cannot
 * drift from the code; a test checks that the committed file equals this.
 */
export function configSchema(rules: readonly Rule[] = RULES): object {
  const sorted = [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://dslite-check.invalid/schema/config.schema.json',
    title: 'dslite-check configuration (dslite-check.config.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'path or URL of this schema, for editors' },
      aftr: { type: 'array', items: ipv6, description: 'AFTR IPv6 addresses (--aftr)' },
      b4Prefixes: {
        type: 'array',
        items: ipv6Prefix,
        description: 'IPv6 prefixes the B4s are in: an end inside one is the B4 (--b4-prefix)',
      },
      mtu: {
        description:
          'IPv6 link MTU between B4 and AFTR: one number for both directions, or per direction (--mtu, --mtu-up, --mtu-down)',
        anyOf: [mtu, { type: 'object', additionalProperties: false, properties: { up: mtu, down: mtu } }],
      },
      lanMtu: {
        type: 'integer',
        minimum: 68,
        maximum: 65535,
        default: DEFAULTS.lanMtu,
        description: "largest IPv4 packet assumed on the B4's LAN (--lan-mtu)",
      },
      dfProfile: {
        enum: ['rfc6333', 'rfc2473'],
        default: DEFAULTS.dfProfile,
        description: 'how oversized DF=1 packets must be handled (--df-profile)',
      },
      innerOverlap: {
        enum: ['first', 'last'],
        default: DEFAULTS.innerOverlap,
        description: 'whose bytes stand where inner IPv4 fragments overlap (--inner-overlap)',
      },
      natPools: { type: 'array', items: ipv4Prefix, description: "the AFTR's NAT pool prefixes (--nat-pool)" },
      portQuota: {
        type: 'integer',
        minimum: 1,
        maximum: 65536,
        description: 'per-subscriber port quota (--port-quota)',
      },
      authorisedSources: {
        type: 'array',
        items: ipv4Prefix,
        description: 'inner IPv4 sources the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (--authorised-source)',
      },
      registeredB4s: {
        type: 'array',
        items: ipv6Prefix,
        description:
          'IPv6 prefixes of the B4s registered for the service: softwires from others are SEC-002 findings (--registered-b4)',
      },
      matchWindow: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: MAX_MATCH_WINDOW,
        default: DEFAULTS.matchWindow,
        description: 'seconds within which a counterpart must appear on the other capture (--match-window)',
      },
      memory: {
        type: 'integer',
        minimum: MIN_MEMORY_MB,
        default: DEFAULTS.memory,
        description: 'memory budget in MB the state tables are sized from (--memory)',
      },
      maxFlows: {
        type: 'integer',
        minimum: 1,
        description: `inner flows held at once (--max-flows) [default: from memory, ${DEFAULT_TABLES.maxFlows} at ${DEFAULTS.memory}]`,
      },
      maxSoftwires: {
        type: 'integer',
        minimum: 16,
        description: `softwires held at once per capture (--max-softwires) [default: from memory, ${DEFAULT_TABLES.maxSoftwires} at ${DEFAULTS.memory}]`,
      },
      top: { type: 'integer', minimum: 1, default: DEFAULTS.top, description: 'largest inner flows to list (--top)' },
      failOn: {
        enum: ['error', 'warning', 'info', 'never'],
        default: DEFAULTS.failOn,
        description: 'lowest finding severity that makes the exit code 1 (--fail-on)',
      },
      maxWarnings: {
        type: 'integer',
        minimum: 0,
        description: 'more warnings than this make the exit code 1 (--max-warnings)',
      },
      baseline: { type: 'string', description: 'baseline file: only findings not in it are reported (--baseline)' },
      rules: {
        type: 'object',
        description:
          'per-rule settings in ESLint\'s shape: "off" | "info" | "warning" | "error" | [severity, {options}]',
        additionalProperties: false,
        properties: Object.fromEntries(sorted.map((r) => [r.meta.id, ruleSetting(r)])),
      },
    },
  };
}
