/**
 * examples/oidc-app/server.mjs started as README says, where Latchkey is not: one line saying what to set
 * (ISSUER, PORT), never a stack trace.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);
const SERVER = path.resolve(import.meta.dirname, '../../examples/oidc-app/server.mjs');
const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** The example app to its end: it ends by itself when it cannot start. */
async function startExample(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SERVER], {
      env: { PATH: process.env.PATH, CLIENT_ID: 'example-client', ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Another program on a port of its own, answering `answer` to every request. */
async function listening(answer: (url: string, port: number) => [number, string], host = '127.0.0.1'): Promise<number> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const [status, body] = answer(req.url ?? '/', port);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return port;
}

describe('the example app, started where Latchkey is not', () => {
  it('names the address it read and says to set ISSUER, when nothing listens there', async () => {
    const issuer = `http://localhost:${await freePort()}/o/demo`;
    const result = await startExample({ ISSUER: issuer, PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^example app: could not read ${issuer}/\\.well-known/openid-configuration \\(fetch failed: E[A-Z]+\\): ` +
          "is Latchkey running there\\? Set ISSUER to Latchkey's PUBLIC_URL/o/<org>, e\\.g\\. ISSUER=http://\\S+\n$",
      ),
    );
  });

  it('says the same when another program answers there', async () => {
    const port = await listening(() => [404, '{}']);
    const result = await startExample({ ISSUER: `http://localhost:${port}/o/demo`, PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^example app: could not read \S+ \(HTTP 404\): is Latchkey running there\? Set ISSUER/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says to set PORT when its own port is taken', async () => {
    const issuerPort = await listening((url, port) => {
      const issuer = `http://localhost:${port}/o/demo`;
      const document = {
        issuer,
        authorization_endpoint: `${issuer}/oidc/auth`,
        token_endpoint: `${issuer}/oidc/token`,
      };
      return url === '/o/demo/.well-known/openid-configuration' ? [200, JSON.stringify(document)] : [404, '{}'];
    });
    // Where the app listens: localhost, whichever address that is here.
    const taken = await listening(() => [404, '{}'], 'localhost');
    const result = await startExample({ ISSUER: `http://localhost:${issuerPort}/o/demo`, PORT: String(taken) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `example app: cannot listen on http://localhost:${taken} (EADDRINUSE): ` +
        'set PORT to a free port, e.g. PORT=4001.\n',
    );
  });
});
