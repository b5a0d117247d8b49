import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The front end is served by Latchkey itself under a strict Content Security Policy
// (script-src 'self'; style-src 'self'), so the build must contain no inline script or style.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // The module-preload polyfill is an inline script: CSP would block it, and every browser with WebAuthn has modulepreload.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into scripts or styles; keep them as files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev:web`: the API comes from a Latchkey started separately (default port 3000).
    proxy: { '/api': process.env.LATCHKEY_API_URL ?? 'http://localhost:3000' },
  },
});
