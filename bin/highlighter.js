#!/usr/bin/env node
// Entry of the `highlighter` command: runs the bundled CLI (built by `npm run build`, which
// `npm ci` runs through `prepare`).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('highlighter: not built yet; run `npm run build` first.\n');
  process.exit(1);
}
await import(cli.href);
