#!/bin/sh
//bin/true; exec node --max-semi-space-size=8 --max-old-space-size=256 "$0" "$@"
// Run as a program (npm start, npx latchkey), the two lines above are a shell script that starts Node with the
// server's V8 flags; to Node they are comments. A 256 MiB old generation (not Node's default, set from the
// machine's memory: 4 GiB on 24 GiB, which the heap grew towards before collecting) keeps a loaded server about
// 50 MB smaller at no measured cost in CPU; within it, semi-spaces of 8 MiB (not 16) cost 7 MB more than 4 and 5%
// less CPU per sign-in (docs/performance.md). bench/load/server.ts starts it with these flags.
// To give the heap more room, run Node with both flags: `node --max-semi-space-size=8 --max-old-space-size=1024
// bin/latchkey.js start` (NODE_OPTIONS cannot: the flags above come after it and win).
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
