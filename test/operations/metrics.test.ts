/**
 * /metrics: requests and latency per route pattern, sign-ins by method and result, WebAuthn ceremony
 * refusals by code, outbox depth and (PostgreSQL) pool use: each series appears and moves with what happens.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CEREMONY_ROUTES, SIGN_IN_ROUTES } from '../../src/http/metric-routes.js';
import { newId } from '../../src/shared/crypto.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const TOKEN = 'metrics-token-for-tests';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/gi)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(h: Harness) {
  const response = await h.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.statusCode).toBe(200);
  const samples = parse(response.body);
  /** The value of the series `name` whose labels include `labels` (undefined while it does not exist). */
  return (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function value(h: Harness, name: string, labels: Record<string, string> = {}) {
  return (await scrape(h))(name, labels);
}

describe.each(DIALECTS)('metrics on %s', (dialect) => {
  it('requests and latency per route pattern, sign-ins by method and result, ceremony refusals by code', async () => {
    h = await createHarness(dialect, { METRICS_TOKEN: TOKEN });
    const org = await h.org('acme');
    await h.user({ org, username: 'ada', password: 'correct horse battery' });
    const route = { route: '/api/o/:org', method: 'GET' };
    const before = (await value(h, 'latchkey_http_request_duration_seconds_count', route)) ?? 0;
    await h.app.inject({ method: 'GET', url: '/api/o/acme' });
    await h.app.inject({ method: 'GET', url: '/api/o/acme' });
    expect(await value(h, 'latchkey_http_request_duration_seconds_count', route)).toBe(before + 2);
    expect(await value(h, 'latchkey_http_requests_total', { ...route, status: '200' })).toBe(before + 2);
    expect(await value(h, 'latchkey_http_requests_total', { route: '/api/o/acme' })).toBeUndefined();

    const browser = h.browser();
    const password = (result: string) => value(h!, 'latchkey_sign_ins_total', { method: 'password', result });
    expect((await browser.signInWithPassword('acme', 'ada', 'not the password')).status).toBe(401);
    expect([await password('failure'), await password('success')]).toEqual([1, undefined]);
    expect((await browser.signInWithPassword('acme', 'ada', 'correct horse battery')).status).toBe(200);
    expect([await password('failure'), await password('success')]).toEqual([1, 1]);

    expect((await browser.addPasskey('acme')).status).toBe(200);
    expect((await browser.signInWithPasskey('acme')).status).toBe(200);
    expect(await value(h, 'latchkey_sign_ins_total', { method: 'passkey', result: 'success' })).toBe(1);
    browser.authenticator.userVerified = false;
    const refused = await browser.signInWithPasskey('acme');
    expect(refused.status).toBe(400);
    const code = refused.body.error.code as string;
    expect(await value(h, 'latchkey_ceremony_failures_total', { ceremony: 'authentication', code })).toBe(1);
    expect(await value(h, 'latchkey_sign_ins_total', { method: 'passkey', result: 'failure' })).toBe(1);
    // A registration without its options is refused too, under its own ceremony.
    const register = await browser.post('/api/o/acme/me/passkeys', {
      response: await browser.authenticator.register({
        rp: { id: 'localhost', name: 'x' },
        user: { id: 'AAAA', name: 'ada', displayName: 'ada' },
        challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      }),
    });
    expect(register.status).toBeGreaterThanOrEqual(400);
    expect(
      await value(h, 'latchkey_ceremony_failures_total', { ceremony: 'registration', code: register.body.error.code }),
    ).toBe(1);
  });

  it('names only routes that exist', async () => {
    h = await createHarness(dialect, { METRICS_TOKEN: TOKEN });
    for (const key of [...Object.keys(SIGN_IN_ROUTES), ...Object.keys(CEREMONY_ROUTES)]) {
      const [method, url] = key.split(' ') as ['POST', string];
      expect(h.app.hasRoute({ method, url }), key).toBe(true);
    }
  });

  it('reports the outbox depth and, on PostgreSQL, the pool use', async () => {
    h = await createHarness(dialect, { METRICS_TOKEN: TOKEN });
    const org = await h.org('acme');
    expect(await value(h, 'latchkey_outbox_depth')).toBe(0);
    const mail = (status: 'queued' | 'sent') => ({
      id: newId(),
      org_id: org.id,
      user_id: null,
      purpose: 'enroll' as const,
      to_address: 'ada@example.com',
      subject: 'Set up your passkey',
      text_body: null,
      status,
      attempts: 0,
      next_attempt_at: h!.deps.clock(),
      locked_until: null,
      claim_id: null,
      last_error: null,
      expires_at: h!.deps.clock() + 60_000,
      created_by: null,
      created_at: h!.deps.clock(),
      sent_at: null,
    });
    await h.deps.db
      .insertInto('outbox')
      .values([mail('queued'), mail('queued'), mail('sent')])
      .execute();
    expect(await value(h, 'latchkey_outbox_depth')).toBe(2);

    if (dialect === 'sqlite') {
      expect(await value(h, 'latchkey_db_pool_connections')).toBeUndefined();
      return;
    }
    // More slow queries than the pool has connections (10): the pool is full and two wait.
    const slow = Array.from({ length: 12 }, () => sql`select pg_sleep(1.5)`.execute(h!.deps.db));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const busy = await scrape(h);
    expect(busy('latchkey_db_pool_connections')).toBe(10);
    expect(busy('latchkey_db_pool_idle_connections')).toBe(0);
    expect(busy('latchkey_db_pool_waiting_queries')).toBe(2);
    await Promise.all(slow);
    expect(await value(h, 'latchkey_db_pool_waiting_queries')).toBe(0);
    expect(await value(h, 'latchkey_db_pool_idle_connections')).toBeGreaterThan(0);
  });

  it('is off without METRICS_TOKEN', async () => {
    h = await createHarness(dialect);
    await h.app.inject({ method: 'GET', url: '/api/o/acme' });
    const response = await h.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.statusCode).not.toBe(200);
    expect(response.body).not.toContain('latchkey_http_requests_total');
  });
});
