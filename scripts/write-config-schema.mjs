// Writes schema/config.schema.json from the rules' metadata (src/config/schema.ts). Run after
// changing a rule's options or adding a rule: `npm run -s build && node scripts/write-config-schema.mjs`.
// src/config/schema.test.ts fails while the committed file differs.
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/src/config/schema.js';

writeFileSync(new URL('../schema/config.schema.json', import.meta.url), `${JSON.stringify(configSchema(), null, 2)}\n`);
