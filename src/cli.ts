#!/usr/bin/env node
// The entry point, kept to what every run needs: the version alone loads no parser, and the
// parser loads each command's code only when that command runs (cli/main.ts).
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./cli/main.js');
  process.exitCode = await main(argv);
}
