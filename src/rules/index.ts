import type { Rule } from './types.js';
import { rule as FRAG001 } from './FRAG-001.js';
import { rule as FRAG002 } from './FRAG-002.js';
import { rule as FRAG003 } from './FRAG-003.js';
import { rule as FRAG004 } from './FRAG-004.js';
import { rule as FRAG005 } from './FRAG-005.js';
import { rule as FRAG006 } from './FRAG-006.js';
import { rule as FRAG007 } from './FRAG-007.js';
import { rule as FRAG008 } from './FRAG-008.js';
import { rule as FRAG009 } from './FRAG-009.js';
import { rule as FRAG010 } from './FRAG-010.js';
import { rule as FRAG011 } from './FRAG-011.js';
import { rule as FRAG012 } from './FRAG-012.js';
import { rule as FRAG013 } from './FRAG-013.js';
import { rule as FRAG014 } from './FRAG-014.js';
import { rule as FRAG015 } from './FRAG-015.js';
import { rule as MTU001 } from './MTU-001.js';
import { rule as MTU002 } from './MTU-002.js';
import { rule as TUN003 } from './TUN-003.js';
import { rule as TUN004 } from './TUN-004.js';
import { rule as TUN005 } from './TUN-005.js';
import { rule as TUN007 } from './TUN-007.js';
import { rule as MTU003 } from './MTU-003.js';
import { rule as TUN001 } from './TUN-001.js';
import { rule as TUN002 } from './TUN-002.js';
import { rule as TUN006 } from './TUN-006.js';

/** Every implemented rule, sorted by ID. */
export const RULES: readonly Rule[] = [FRAG001, FRAG002, FRAG003, FRAG004, FRAG005, FRAG006, FRAG007, FRAG008, FRAG009, FRAG010, FRAG011, FRAG012, FRAG013, FRAG014, FRAG015, MTU001, MTU002, MTU003, TUN001, TUN002, TUN003, TUN004, TUN005, TUN006, TUN007].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
