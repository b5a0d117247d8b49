#!/usr/bin/env node
// The CLI runs the built server, one bundled file (rolldown.config.mjs): `npm ci` builds it (the prepare script),
// `npm run build:server` again after a change (tsc alone leaves the bundle as it was).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/server.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('latchkey: not built yet. Run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
const { runCli, processIo } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2), processIo(process.env));
