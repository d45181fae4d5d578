#!/usr/bin/env node
// The entry point, kept to what every run needs: the version alone loads no parser, and the
// parser loads each command's code only when that command runs (cli/main.ts).
const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main, readerGone } = await import('./cli/main.js');
  // A reader gone away (`| head`) is an 'error' event on stdout: without a listener, a stack trace.
  process.stdout.on('error', (e) => {
    if (!readerGone(e)) throw e;
  });
  process.exitCode = await main(argv);
}
