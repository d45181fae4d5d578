import type { Rule } from './types.js';
import { rule as TUN001 } from './TUN-001.js';
import { rule as TUN002 } from './TUN-002.js';
import { rule as TUN006 } from './TUN-006.js';

/** Every implemented rule, sorted by ID. */
export const RULES: readonly Rule[] = [TUN001, TUN002, TUN006].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
