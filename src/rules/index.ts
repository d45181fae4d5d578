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
import { rule as ADDR001 } from './ADDR-001.js';
import { rule as NAT001 } from './NAT-001.js';
import { rule as NAT002 } from './NAT-002.js';
import { rule as NAT003 } from './NAT-003.js';
import { rule as NAT004 } from './NAT-004.js';
import { rule as NAT008 } from './NAT-008.js';
import { rule as SEC001 } from './SEC-001.js';
import { rule as ADDR004 } from './ADDR-004.js';
import { rule as TTL002 } from './TTL-002.js';
import { rule as ICMP003 } from './ICMP-003.js';
import { rule as NAT014 } from './NAT-014.js';
import { rule as NAT005 } from './NAT-005.js';
import { rule as NAT006 } from './NAT-006.js';
import { rule as ICMP006 } from './ICMP-006.js';
import { rule as NAT010 } from './NAT-010.js';
import { rule as ICMP005 } from './ICMP-005.js';
import { rule as ADDR002 } from './ADDR-002.js';
import { rule as ICMP004 } from './ICMP-004.js';
import { rule as NAT012 } from './NAT-012.js';
import { rule as NAT013 } from './NAT-013.js';
import { rule as NAT015 } from './NAT-015.js';
import { rule as NAT011 } from './NAT-011.js';
import { rule as NAT016 } from './NAT-016.js';
import { rule as NAT007 } from './NAT-007.js';
import { rule as NAT009 } from './NAT-009.js';
import { rule as ADDR003 } from './ADDR-003.js';
import { rule as CAP001 } from './CAP-001.js';
import { rule as CAP002 } from './CAP-002.js';
import { rule as QOS001 } from './QOS-001.js';
import { rule as QOS002 } from './QOS-002.js';
import { rule as QOS003 } from './QOS-003.js';
import { rule as QOS004 } from './QOS-004.js';
import { rule as ICMP001 } from './ICMP-001.js';
import { rule as ICMP007 } from './ICMP-007.js';
import { rule as NAT020 } from './NAT-020.js';
import { rule as TTL001 } from './TTL-001.js';
import { rule as TTL003 } from './TTL-003.js';
import { rule as ICMP002 } from './ICMP-002.js';
import { rule as ADV003 } from './ADV-003.js';
import { rule as ADV004 } from './ADV-004.js';
import { rule as ADV005 } from './ADV-005.js';
import { rule as ADV008 } from './ADV-008.js';
import { rule as ADV011 } from './ADV-011.js';
import { rule as ADV012 } from './ADV-012.js';
import { rule as B4001 } from './B4-001.js';
import { rule as SEC002 } from './SEC-002.js';
import { rule as ATK001 } from './ATK-001.js';
import { rule as ATK002 } from './ATK-002.js';

/** Every implemented rule, sorted by ID. */
export const RULES: readonly Rule[] = [
  ATK001,
  ATK002,
  ADV003,
  ADV004,
  ADV005,
  ADV008,
  ADV011,
  ADV012,
  B4001,
  SEC002,
  CAP001,
  CAP002,
  QOS001,
  QOS002,
  QOS003,
  QOS004,
  TTL001,
  TTL003,
  NAT020,
  ICMP001,
  ICMP002,
  ICMP007,
  ADDR001,
  ADDR002,
  ADDR003,
  ADDR004,
  NAT007,
  NAT009,
  ICMP004,
  ICMP005,
  NAT011,
  NAT012,
  NAT013,
  NAT015,
  NAT016,
  TTL002,
  ICMP003,
  ICMP006,
  NAT005,
  NAT006,
  NAT010,
  NAT014,
  NAT001,
  NAT002,
  NAT003,
  NAT004,
  NAT008,
  SEC001,
  FRAG001,
  FRAG002,
  FRAG003,
  FRAG004,
  FRAG005,
  FRAG006,
  FRAG007,
  FRAG008,
  FRAG009,
  FRAG010,
  FRAG011,
  FRAG012,
  FRAG013,
  FRAG014,
  FRAG015,
  MTU001,
  MTU002,
  MTU003,
  TUN001,
  TUN002,
  TUN003,
  TUN004,
  TUN005,
  TUN006,
  TUN007,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
