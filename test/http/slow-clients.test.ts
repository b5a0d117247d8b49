import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

// Sockets and timers only: no database is involved, so one dialect is enough.
describe('slow clients are cut off over a real socket', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await createHarness('sqlite', {
      REQUEST_TIMEOUT_SECONDS: '2',
      HEADERS_TIMEOUT_SECONDS: '1',
      KEEP_ALIVE_TIMEOUT_SECONDS: '1',
      MAX_CONNECTIONS_PER_IP: '5',
    });
    await h.org();
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(() => h.close());

  /** A connection that records what it receives and when the server closes it. */
  function connect() {
    const socket = net.connect(port, '127.0.0.1');
    const started = Date.now();
    let received = '';
    socket.on('data', (chunk) => void (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    const closedAt = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    // Without deadlines the server never closes: give up after 6 s (Infinity) rather than hang the test.
    const closed = Promise.race([
      closedAt,
      new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 6_000).unref()),
    ]);
    const opened = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    return { socket, closed, opened, received: () => received };
  }
  const trickle = (socket: net.Socket, text: string, everyMs: number) => {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= text.length) return clearInterval(timer);
      socket.write(text[i++]!);
    }, everyMs);
    return timer;
  };

  it('a body that trickles in is cut off at the request deadline with 408 REQUEST_TIMEOUT', async () => {
    const c = connect();
    await c.opened;
    c.socket.write(
      'POST /api/o/acme/sign-in/identify HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n',
    );
    const timer = trickle(c.socket, `{"identifier":"${'a'.repeat(180)}"}`, 200);
    const after = await c.closed;
    clearInterval(timer);
    c.socket.destroy();
    expect(after).toBeLessThan(5_000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.received()).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('headers that trickle in are cut off at the headers deadline', async () => {
    const c = connect();
    await c.opened;
    const timer = trickle(
      c.socket,
      `GET /api/o/acme HTTP/1.1\r\nHost: localhost\r\nX-Slow: ${'b'.repeat(100)}\r\n\r\n`,
      100,
    );
    const after = await c.closed;
    clearInterval(timer);
    c.socket.destroy();
    expect(after).toBeLessThan(4_000);
    expect(c.received()).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('an idle kept-alive connection is closed after the keep-alive timeout', async () => {
    const c = connect();
    await c.opened;
    c.socket.write('GET /api/o/acme HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const after = await c.closed;
    c.socket.destroy();
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(after).toBeLessThan(4_000);
  });

  it('holds the per-address connection ceiling; a freed place can be used again', async () => {
    const held = Array.from({ length: 5 }, () => connect());
    await Promise.all(held.map((c) => c.opened));
    const extra = connect();
    const refusedAfter = await Promise.race([
      extra.closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 1_000).unref()),
    ]);
    extra.socket.destroy();
    expect(refusedAfter).toBeLessThan(500);
    expect(extra.received()).toBe('');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const next = connect();
    await next.opened;
    next.socket.write('GET /api/o/acme HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await next.closed;
    expect(next.received()).toMatch(/^HTTP\/1\.1 200 /);
    for (const c of held) c.socket.destroy();
  });
});
