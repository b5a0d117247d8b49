import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside each text file of the build, at the highest
 * levels (once per build, not per request); @fastify/static serves them with `preCompressed`.
 */
function precompress(): Plugin {
  return {
    name: 'latchkey:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      await Promise.all(
        Object.keys(bundle)
          .filter((file) => COMPRESSIBLE.test(file) && !file.startsWith('.vite/'))
          .map(async (file) => {
            const full = path.join(dir, file);
            const raw = await fs.promises.readFile(full);
            const [br, gz] = await Promise.all([
              brotli(raw, {
                params: {
                  [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
                },
              }),
              gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
            ]);
            await Promise.all([fs.promises.writeFile(`${full}.br`, br), fs.promises.writeFile(`${full}.gz`, gz)]);
          }),
      );
    },
  };
}

// The front end is served by Latchkey itself under a strict Content Security Policy
// (script-src 'self'; style-src 'self'), so the build must contain no inline script or style.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  plugins: [react(), precompress()],
  // Preact's React-compatible runtime: the same components in 10 kB instead of React's 60 kB gzipped (the sign-in
  // page must load in at most 60 kB of script, see docs/performance.md). The types and the code stay React's.
  resolve: {
    alias: [
      { find: /^react$/, replacement: 'preact/compat' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // The module-preload polyfill is an inline script: CSP would block it, and every browser with WebAuthn has modulepreload.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into scripts or styles; keep them as files.
    assetsInlineLimit: 0,
    sourcemap: false,
    // .vite/manifest.json: which chunks each page loads (test/web-bundle.test.ts checks the sign-in page's).
    manifest: true,
    // Brotli at its highest quality takes a second or two: expected, not worth a warning on every build.
    rolldownOptions: {
      checks: { bundlerTimings: false },
      output: {
        // Everything the entry imports statically goes in the entry itself, so the sign-in page is one script.
        // Left to itself, Rolldown puts the modules the entry shares with every lazy page (React, i18n, Layout,
        // the router) in a common chunk that its merge pass does not fold back into the entry: two scripts.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    // `npm run dev:web`: the API comes from a Latchkey started separately (default port 3000).
    proxy: { '/api': process.env.LATCHKEY_API_URL ?? 'http://localhost:3000' },
  },
});
