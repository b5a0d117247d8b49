import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

// Actions whose URL says everything: they take no body.
const BODYLESS = [
  '/options',
  '/sign-out',
  '/revoke-others',
  '/snooze',
  '/complete',
  '/deny',
  '/sign-out-everywhere',
  '/enrollment-code',
  '/continue',
  '/cancel',
  '/rotate-secret',
  '/disable',
  '/enable',
];

describe('OpenAPI, health and metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite', { METRICS_TOKEN: 'test-metrics-token' });
  });
  afterAll(() => h.close());

  it('describes every API route with its body and error responses', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    for (const expected of [
      'POST /api/o/{org}/sign-in/identify',
      'POST /api/o/{org}/sign-in/password',
      'POST /api/o/{org}/sign-in/passkey/options',
      'POST /api/o/{org}/sign-in/passkey/verify',
      'POST /api/o/{org}/sign-out',
      'GET /api/o/{org}/me',
      'PATCH /api/o/{org}/me',
      'PUT /api/o/{org}/me/password',
      'GET /api/o/{org}/me/passkeys',
      'POST /api/o/{org}/me/passkeys',
      'DELETE /api/o/{org}/me/passkeys/{id}',
      'GET /api/o/{org}/me/sessions',
      'POST /api/o/{org}/setup',
    ])
      expect(listed).toContain(expected);
    for (const [p, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.summary, `${method} ${p}`).toBeTruthy();
        expect(op.responses['200'], `${method} ${p}`).toBeDefined();
        expect(op.responses['400'], `${method} ${p} documents VALIDATION_FAILED`).toBeDefined();
        expect(JSON.stringify(op.responses), `${method} ${p}`).toMatch(/Error codes: /);
        if (['post', 'put', 'patch'].includes(method) && !BODYLESS.some((suffix) => p.endsWith(suffix))) {
          expect(op.requestBody, `${method} ${p} has a body schema`).toBeDefined();
        }
      }
    }
  });

  it('answers /healthz', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
  });

  it('counts requests by route pattern at /metrics', async () => {
    await h.app.inject({ method: 'POST', url: '/api/o/nope/sign-in/identify', payload: { identifier: 'x' } });
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);
    const metrics = (
      await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer test-metrics-token' } })
    ).body;
    expect(metrics).toMatch(
      /latchkey_http_requests_total\{route="\/api\/o\/:org\/sign-in\/identify",method="POST",status="404"\} 1/,
    );
    expect(metrics).not.toContain('/api/o/nope');
  });
});
