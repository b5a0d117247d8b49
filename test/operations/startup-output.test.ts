/**
 * What `latchkey start` prints (the real server, bin/latchkey.js, so run `npm run build:server`
 * first): one human line naming PUBLIC_URL instead of Fastify's "Server listening at
 * http://127.0.0.1:…", and request logs only at the level asked for.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { BIN, killInstance, startInstance, waitForOutput, type Instance } from '../support/instances.js';

const started: Array<{ instance: Instance; dir: string }> = [];

async function startServer(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-startup-'));
  try {
    const instance = await startInstance('server', {
      DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      SERVER_SECRET: 's'.repeat(32),
      ...env,
    });
    started.push({ instance, dir });
    return instance;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A page request as a person typing the loopback address would make it. */
function get(port: number, url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: url, agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, location: response.headers.location }));
      })
      .on('error', reject);
  });
}

describe('start-up output', () => {
  afterEach(async () => {
    for (const { instance, dir } of started.splice(0)) {
      await killInstance(instance);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as Node itself with the V8 flags bin/latchkey.js names (what the benchmark measured)', async () => {
    const server = await startServer({});
    const flags = /exec node (.*) "\$0"/.exec(fs.readFileSync(BIN, 'utf8'))![1]!.split(' ');
    expect(flags).toEqual(expect.arrayContaining(['--max-semi-space-size=8', '--max-old-space-size=256']));
    // The shell line ends in exec: the process the service manager started is Node, with those flags.
    const argv = fs.readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
    expect(path.basename(argv[0]!)).toBe('node');
    expect(argv.slice(1, 1 + flags.length)).toEqual(flags);
    expect(argv.slice(1 + flags.length, 3 + flags.length)).toEqual([BIN, 'start']);
  });

  it('prints one line naming PUBLIC_URL, never the loopback address it is bound to', { timeout: 60_000 }, async () => {
    const server = await startServer({ LOG_LEVEL: 'info' });
    const page = await get(server.port, '/o/demo/sign-in');
    expect(page).toEqual({ status: 307, location: `http://localhost:${server.port}/o/demo/sign-in` });
    // Request logs are written in batches, at most LOG_FLUSH_MS after the request when it is quiet.
    await waitForOutput(server, /"url":"\/o\/demo\/sign-in"/);
    const lines = server.output().split('\n');
    expect(lines.filter((line) => /listening/i.test(line))).toEqual([
      `Latchkey is listening on http://localhost:${server.port} ` +
        `(sign in at http://localhost:${server.port}/o/demo/sign-in; log level info)`,
    ]);
    expect(server.output()).not.toContain('http://127.0.0.1');
    // At info, requests are logged (as JSON lines for the log collector).
    expect(lines.some((line) => line.startsWith('{') && line.includes('"url":"/o/demo/sign-in"'))).toBe(true);
  });

  it(
    'writes every request log line by the time it has stopped, though it writes them in batches',
    { timeout: 60_000 },
    async () => {
      const server = await startServer({ LOG_LEVEL: 'info' });
      for (let i = 0; i < 40; i++) await get(server.port, `/healthz?n=${i}`);
      await killInstance(server, 'SIGTERM');
      const logged = server
        .output()
        .split('\n')
        // Forty lines, one a request: the log keeps the query's keys, not its values.
        .filter((line) => line.includes('"url":"/healthz?n"'));
      expect(logged).toHaveLength(40);
    },
  );

  it('at warn, the first-start links are not buried under request logs', { timeout: 60_000 }, async () => {
    const server = await startServer({ LOG_LEVEL: 'warn' });
    for (let i = 0; i < 3; i++) await get(server.port, '/healthz');
    // Stopped, it has written every line it logged (they go out in batches).
    await killInstance(server, 'SIGTERM');
    expect(server.output()).toMatch(/First start: set up the demo organisation's first admin/);
    expect(
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{')),
    ).toEqual([]);
  });

  it("names the apps whose back-channel logout is on the server's own network, which it does not send to", async () => {
    // One database for both starts: the first creates the demo organisation, then the CLI adds the app.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-startup-'));
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, SERVER_SECRET: 's'.repeat(32) };
    try {
      const first = await startInstance('server', env);
      await killInstance(first, 'SIGTERM');
      const created = await runCliInProcess(
        [
          ...['client', 'create', '--org', 'demo', '--name', 'Intranet'],
          ...['--redirect-uri', 'https://intranet.example/cb', '--backchannel-logout-uri', 'http://127.0.0.1:9/logout'],
        ],
        { ...env, PUBLIC_URL: 'http://localhost:3000' },
      );
      expect(created.code).toBe(0);
      const again = await startInstance('server', { ...env, INTERNAL_APP_ADDRESSES: 'off' });
      started.push({ instance: again, dir });
      expect(again.output()).toContain(
        `WARNING: the demo organisation's app "Intranet" has a back-channel logout URI on this server's own ` +
          'network: it is not sent logouts while INTERNAL_APP_ADDRESSES is off.',
      );
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }, 60_000);

  // In-process: the arguments are refused before anything starts.
  it('takes --verbose and refuses other options', async () => {
    const result = await runCliInProcess(['start', '--quiet'], process.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/start takes only --verbose \(got "--quiet"\)/);
  });
});
