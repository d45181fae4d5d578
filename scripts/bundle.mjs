// Bundles the built command line (dist/src, tsc's output) into dist/bundle: the CLI and its
// worker thread as entries, each command and report format in a chunk of its own (loaded when
// it runs, as from dist/src), the dependencies left to node_modules. Node loads a few dozen
// files instead of two hundred modules: resolving, reading and linking each was a third of a
// short check's start-up. Flat in dist/bundle, two levels under the package root as src/report/
// is, so the package files found from a module's own URL (schema/, docs/, package.json, the
// worker next to the pool) are found from the bundle too; the compiled validators are copied in.
import { copyFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const out = new URL('dist/bundle/', root);
rmSync(out, { recursive: true, force: true });
await build({
  // A path, not a URL's pathname: that keeps a space in the clone's path as %20.
  absWorkingDir: fileURLToPath(root),
  entryPoints: [
    { in: 'dist/src/cli.js', out: 'cli' },
    { in: 'dist/src/jobs/worker.js', out: 'worker' },
  ],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
for (const name of ['report', 'diff'])
  copyFileSync(new URL(`dist/src/report/${name}-validator.cjs`, root), new URL(`${name}-validator.cjs`, out));
