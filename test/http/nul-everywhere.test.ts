import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { ERRORS } from '../../src/errors.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// PostgreSQL refuses NUL in text with an error; every string a client sends must be refused first.
const NUL = '\u0000';
const PASSWORD = 'correct horse battery';
const UUID = '00000000-0000-4000-8000-000000000000';

type Schema = {
  type?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
};

/** A value the schema accepts, with every optional property present, so that each string can be made bad alone. */
function sample(schema: Schema, name = ''): unknown {
  if (schema.anyOf) return sample(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!, name);
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s, k)]));
    case 'array':
      return schema.minItems ? [sample(schema.items ?? {})] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string': {
      if (schema.format === 'uuid') return UUID;
      if (name === 'org' || name === 'slug') return 'acme';
      const candidates = ['x'.repeat(Math.max(1, schema.minLength ?? 1)), 'acme', '12', 'ABC-DEF-GHJ', 'AAAA'];
      return candidates.find((c) => !schema.pattern || new RegExp(schema.pattern, 'u').test(c)) ?? 'x';
    }
    default:
      return 'x';
  }
}

/** Paths to every string leaf of a sampled value. */
function stringPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, k]));
  return [];
}

function withNul(value: unknown, path: Array<string | number>): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  node[last] = `${node[last] as string}${NUL}`;
  return copy;
}

interface Case {
  label: string;
  method: string;
  url: string;
  body?: unknown;
}

/** Every operation of the OpenAPI document, once per string field (path, query, body) with a NUL in it. */
function nulCases(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema: Schema }>;
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
}): Case[] {
  const cases: Case[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = (op.parameters ?? []).map((p) => ({ ...p, value: String(sample(p.schema, p.name)) }));
      const body = op.requestBody ? sample(op.requestBody.content['application/json']!.schema) : undefined;
      const build = (bad?: string, badBody?: unknown): Case => {
        let url = template;
        const query: string[] = [];
        for (const p of params) {
          const value = encodeURIComponent(p.name === bad ? `${p.value}${NUL}` : p.value);
          if (p.in === 'path') url = url.replace(`{${p.name}}`, value);
          else if (p.in === 'query') query.push(`${p.name}=${value}`);
        }
        const label = `${method.toUpperCase()} ${template} ${bad ?? ''}`;
        return {
          label,
          method: method.toUpperCase(),
          url: query.length ? `${url}?${query.join('&')}` : url,
          body: badBody ?? body,
        };
      };
      for (const p of params) cases.push(build(p.name));
      for (const path of stringPaths(body))
        cases.push({
          ...build(undefined, withNul(body, path)),
          label: `${method.toUpperCase()} ${template} body.${path.join('.')}`,
        });
    }
  }
  return cases;
}

const expectCoded4xx = (label: string, response: { statusCode: number; body: string }) => {
  expect(response.statusCode, `${label}: ${response.body}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${label}: ${response.body}`).toBeLessThan(500);
  expect(Object.keys(ERRORS), label).toContain(JSON.parse(response.body).error.code);
};

describe.each(DIALECTS)('a NUL in any string of any request is a coded 4xx, never a 5xx (%s)', (dialect) => {
  let h: Harness;
  let admin: Browser;
  beforeAll(async () => {
    h = await createHarness(dialect, {
      API_REQUESTS_PER_MINUTE: '100000',
      PASSWORD_ATTEMPTS_PER_ACCOUNT: '10000',
      PASSWORD_ATTEMPTS_PER_IP: '100000',
    });
    const acme = await h.org();
    const platform = await h.org('platform', 'Platform');
    await h.user({ org: acme, username: 'ada', role: 'admin', password: PASSWORD });
    await h.user({ org: platform, username: 'op', role: 'operator', password: PASSWORD });
    admin = h.browser();
    expect((await admin.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect((await admin.addPasskey('acme')).status).toBe(200);
    expect((await admin.signInWithPassword('platform', 'op', PASSWORD)).status).toBe(200);
  });
  afterAll(() => h.close());

  const send = (browser: Browser, c: Case) => {
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return h.app.inject({
      method: c.method as 'POST',
      url: c.url,
      headers: { cookie },
      ...(c.body !== undefined ? { payload: c.body as object } : {}),
    });
  };

  it('walks every endpoint and field of /api/openapi.json', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const cases = nulCases(doc);
    expect(cases.length).toBeGreaterThan(100);
    expect(cases.map((c) => c.label)).toContain(
      'POST /api/o/{org}/sign-in/passkey/verify body.response.response.clientDataJSON',
    );
    for (const c of cases) expectCoded4xx(c.label, await send(admin, c));
    // Still signed in: nothing above was taken as a real request.
    expect((await admin.get('/api/o/acme/me')).status).toBe(200);
  });

  /** A real answer from this browser's authenticator, except that the challenge it signed carries a NUL. */
  const withNulChallenge = <T extends { response: { clientDataJSON: string } }>(response: T): T => {
    const clientData = JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON));
    const clientDataJSON = isoBase64URL.fromUTF8String(
      JSON.stringify({ ...clientData, challenge: `${clientData.challenge}${NUL}` }),
    );
    return { ...response, response: { ...response.response, clientDataJSON } };
  };

  it("a NUL in clientDataJSON's challenge: sign-in, re-verification, registration, device-link approval", async () => {
    const stranger = h.browser();
    const options = await stranger.post('/api/o/acme/sign-in/passkey/options', {});
    const signIn = withNulChallenge(await admin.authenticator.authenticate(options.body.options));
    expectCoded4xx(
      'sign-in',
      await send(stranger, {
        label: '',
        method: 'POST',
        url: '/api/o/acme/sign-in/passkey/verify',
        body: { response: signIn },
      }),
    );

    const reverifyOptions = await admin.post('/api/o/acme/me/reverify/passkey/options');
    const reverify = withNulChallenge(await admin.authenticator.authenticate(reverifyOptions.body.options));
    expectCoded4xx(
      're-verify',
      await send(admin, {
        label: '',
        method: 'POST',
        url: '/api/o/acme/me/reverify/passkey/verify',
        body: { response: reverify },
      }),
    );

    await admin.post('/api/o/acme/me/reverify/password', { password: PASSWORD });
    const registrationOptions = await admin.post('/api/o/acme/me/passkeys/options');
    const { SoftAuthenticator } = await import('../support/soft-authenticator.js');
    const registration = withNulChallenge(
      await new SoftAuthenticator({ origin: 'http://localhost:3000' }).register(registrationOptions.body.options),
    );
    expectCoded4xx(
      'registration',
      await send(admin, {
        label: '',
        method: 'POST',
        url: '/api/o/acme/me/passkeys',
        body: { response: registration },
      }),
    );

    const link = await h.browser().post('/api/o/acme/device-link', { identifier: 'ada' });
    const approveOptions = await admin.post(`/api/o/acme/me/device-links/${link.body.id}/approve/options`);
    expect(approveOptions.status, JSON.stringify(approveOptions.body)).toBe(200);
    const approve = withNulChallenge(await admin.authenticator.authenticate(approveOptions.body.options));
    expectCoded4xx(
      'device-link approve',
      await send(admin, {
        label: '',
        method: 'POST',
        url: `/api/o/acme/me/device-links/${link.body.id}/approve`,
        body: { response: approve },
      }),
    );
  });
});
