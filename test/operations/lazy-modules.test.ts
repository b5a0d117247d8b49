import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { httpRequest, killInstance, startInstance, tempDir, type Instance } from '../support/instances.js';

// Loaded with --import: writes down every package the server imports, static or dynamic (an ESM resolve
// hook), or requires (CommonJS, which Node 20's hooks do not see).
const REGISTER = `import fs from 'node:fs';
import Module, { register } from 'node:module';
register('./hooks.mjs', import.meta.url, { data: process.env.IMPORTS_FILE });
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!/^(\\.|\\/|node:)/.test(request)) fs.appendFileSync(process.env.IMPORTS_FILE, request + '\\n');
  return load.call(this, request, ...rest);
};`;
const HOOKS = `import fs from 'node:fs';
let file;
export function initialize(data) { file = data; }
export async function resolve(specifier, context, next) {
  if (!/^(\\.|\\/|node:|file:|data:)/.test(specifier)) fs.appendFileSync(file, specifier + '\\n');
  return next(specifier, context);
}`;

/** Loaded only when something needs them (REDIS_URL, a PostgreSQL URL, a mail to send, an app, a passkey). */
const ON_DEMAND = [
  'oidc-provider',
  'ioredis',
  'pg',
  'nodemailer',
  '@simplewebauthn/server',
  '@simplewebauthn/server/helpers',
];

// Needs the build (npm run build:server): the production server in a process of its own.
describe('latchkey start loads only what it needs', { timeout: 180_000 }, () => {
  const temp = tempDir('latchkey-lazy-');
  const importsFile = path.join(temp.dir, 'imports.txt');
  let server: Instance | undefined;
  afterAll(async () => {
    if (server) await killInstance(server);
    temp.remove();
  });
  const imported = () => new Set(fs.readFileSync(importsFile, 'utf8').split('\n'));

  it(
    'on SQLite without Redis or SMTP: none of oidc-provider, ioredis, pg, nodemailer, ' +
      '@simplewebauthn/server until needed',
    async () => {
      fs.writeFileSync(path.join(temp.dir, 'register.mjs'), REGISTER);
      fs.writeFileSync(path.join(temp.dir, 'hooks.mjs'), HOOKS);
      fs.writeFileSync(importsFile, '');
      server = await startInstance('lazy', {
        DATABASE_URL: `sqlite:${path.join(temp.dir, 'latchkey.db')}`,
        SMTP_URL: '',
        IMPORTS_FILE: importsFile,
        NODE_OPTIONS: `--import=${pathToFileURL(path.join(temp.dir, 'register.mjs')).href}`,
      });
      expect((await httpRequest(server.port, 'GET', '/healthz', {})).status).toBe(200);
      // The hooks see the server's imports (the bundle's, dist/server.js), and a package's own requires
      // (better-sqlite3 requires bindings).
      expect(imported()).toContain('better-sqlite3');
      expect(imported()).toContain('bindings');
      expect(ON_DEMAND.filter((name) => imported().has(name))).toEqual([]);
      // The first OpenID request loads the provider, and is answered as before.
      const discovery = await httpRequest(server.port, 'GET', '/o/platform/.well-known/openid-configuration', {
        host: `localhost:${server.port}`,
      });
      expect(discovery.status).toBe(200);
      expect(discovery.body).toMatchObject({ issuer: `http://localhost:${server.port}/o/platform` });
      expect(imported()).toContain('oidc-provider');
      expect(['ioredis', 'pg', 'nodemailer'].filter((name) => imported().has(name))).toEqual([]);
    },
  );
});
