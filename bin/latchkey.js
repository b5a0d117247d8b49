#!/usr/bin/env node
// The CLI runs the compiled server; `npm ci` builds it (the package's prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('latchkey: not built yet. Run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
const { runCli, processIo } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2), processIo(process.env));
