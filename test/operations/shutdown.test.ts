/**
 * SIGTERM on the real server (bin/latchkey.js start, so run `npm run build:server` first):
 * /readyz turns 503 first, then new connections are refused, a request in flight still completes,
 * and the process exits 0 within the bound; past the bound, connections are cut and it exits 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/latchkey.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

const started: Array<{ child: ChildProcess; dir: string }> = [];

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-shutdown-'));
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      SERVER_SECRET: 's'.repeat(32),
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push({ child, dir });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000; // a loaded two-core machine can take that long to load the server
  while (!output.includes('Latchkey is listening')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await sleep(50);
  }
  return { child, port, output: () => output, exited };
}

/** A password sign-in whose body is sent in two halves: in flight from the first half on. */
function slowRequest(port: number) {
  const body = JSON.stringify({ identifier: 'nobody', password: 'not the password' });
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  socket.write(
    `POST /api/o/demo/sign-in/password HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  return { finish: () => socket.write(body.slice(10)), closed, received: () => received };
}

function get(port: number, url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: url, agent: false }, (response) => {
      let body = '';
      response.on('data', (d) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

async function waitFor(line: string, server: Server) {
  const deadline = Date.now() + 5000;
  while (!server.output().includes(line)) {
    if (Date.now() > deadline) throw new Error(`no "${line}" in:\n${server.output()}`);
    await sleep(20);
  }
}

describe('graceful shutdown on SIGTERM', () => {
  afterEach(() => {
    for (const { child, dir } of started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns /readyz 503 first, then refuses new connections, finishes the request in flight, and exits 0', async () => {
    const server = await startServer({ SHUTDOWN_DELAY_SECONDS: '1', SHUTDOWN_GRACE_SECONDS: '5' });
    expect((await get(server.port, '/readyz')).status).toBe(200);
    const inFlight = slowRequest(server.port);
    await sleep(300); // its headers are read: the request has started

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await waitFor('SIGTERM: shutting down', server);
    const readyz = await get(server.port, '/readyz');
    expect(readyz.status).toBe(503);
    expect(readyz.headers['retry-after']).toBe('5');
    expect(JSON.parse(readyz.body)).toMatchObject({ error: { code: 'SHUTTING_DOWN' } });
    expect((await get(server.port, '/healthz')).status).toBe(200);

    // After the delay the listener is closed: new connections are refused… (a connection that reaches the
    // kernel's queue in the very instant the listener closes is reset, not served: that one is tried again)
    let refused: NodeJS.ErrnoException | undefined;
    while (refused?.code !== 'ECONNREFUSED' && Date.now() - signalled < 4000) {
      refused = await get(server.port, '/healthz').then(
        () => undefined,
        (error: NodeJS.ErrnoException) => error,
      );
      if (refused?.code !== 'ECONNREFUSED') await sleep(refused ? 20 : 100);
    }
    expect(refused?.code).toBe('ECONNREFUSED');
    expect(server.child.exitCode).toBeNull(); // …while the request in flight holds the exit

    inFlight.finish();
    await inFlight.closed;
    expect(inFlight.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(inFlight.received()).toMatch(/"code":"INVALID_CREDENTIALS"/);
    expect(inFlight.received().toLowerCase()).toContain('connection: close');

    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(6000);
  });

  it('cuts requests still running after SHUTDOWN_GRACE_SECONDS and exits 1 within the bound', async () => {
    const server = await startServer({ SHUTDOWN_GRACE_SECONDS: '1' });
    const stuck = slowRequest(server.port);
    await sleep(300);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await stuck.closed;
    expect(await server.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(server.output()).toMatch(/requests still running after 1 s \(SHUTDOWN_GRACE_SECONDS\)/);
  });
});
