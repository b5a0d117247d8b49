/**
 * The OpenID provider's own answers (written raw, past Fastify's hooks) and the Activity export, a GET that writes:
 * the address a sign-out records is the one Fastify read, every provider page refuses framing whatever the case of
 * its path, and a link on another site cannot run an export in an admin's browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { listeningHarness, registerApp, signInToApp } from '../support/oidc.js';

const PASSWORD = 'correct horse battery';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const xsrfOf = (page: string) => /name="xsrf" value="([^"]+)"/.exec(page)![1]!;

describe.each(DIALECTS)("the provider's answers and the export (%s)", (dialect) => {
  let h: Awaited<ReturnType<typeof listeningHarness>>;
  let org: Organisation;
  afterEach(() => h.close());

  async function signedInToApp(env: Record<string, string> = {}) {
    h = await listeningHarness(dialect, env);
    org = await h.org('acme');
    await h.user({ org, username: 'ada', role: 'admin', password: PASSWORD });
    const app = await registerApp(h, org);
    const browser = h.browser();
    await signInToApp(h, browser, app, () => browser.signInWithPassword('acme', 'ada', PASSWORD));
    return browser;
  }
  const ipOf = async (type: string) =>
    (
      await h.deps.db
        .selectFrom('audit_events')
        .select('ip')
        .where('org_id', '=', org.id)
        .where('type', '=', type)
        .executeTakeFirst()
    )?.ip;

  it.each([
    ['without TRUST_PROXY', {}, '203.0.113.66', '127.0.0.1'],
    ['behind one proxy', { TRUST_PROXY: '1' }, '203.0.113.66, 198.51.100.20', '198.51.100.20'],
  ])('an app-initiated sign-out records the address Fastify read, %s', async (_, env, forwarded, expected) => {
    const browser = await signedInToApp(env);
    const spoofed = { 'x-forwarded-for': forwarded };
    const asked = await browser.send('GET', '/o/acme/oidc/session/end', undefined, spoofed);
    await browser.send('POST', '/o/acme/oidc/session/end/confirm', `xsrf=${xsrfOf(asked.body)}&logout=yes`, {
      ...FORM,
      ...spoofed,
    });
    expect((await browser.get('/api/o/acme/me')).status).toBe(401);
    expect(await ipOf('sign_out')).toBe(expected);
  });

  it('refuses framing on every provider page, the sign-out question in any case of its path', async () => {
    const browser = await signedInToApp();
    for (const path of ['/o/acme/oidc/session/end', '/o/acme/oidc/Session/End']) {
      const page = await browser.send('GET', path);
      expect([path, page.statusCode, page.body]).toEqual([path, 200, expect.stringMatching(/name="xsrf"/)]);
      expect([path, page.headers['content-security-policy']]).toEqual([path, expect.stringMatching(/form-action/)]);
      expect([path, page.headers['x-frame-options']]).toEqual([path, 'DENY']);
    }
    // An error page of the provider's (no client named): not framed either.
    const error = await browser.send('GET', '/o/acme/oidc/auth');
    expect(error.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(error.headers['x-content-type-options']).toBe('nosniff');
  });

  it("refuses an export a link on another site starts in an admin's browser; the console's own works", async () => {
    const admin = await signedInToApp();
    const url = '/api/o/acme/admin/activity/export?format=csv&username=chosen-by-someone-else';
    const navigated = await admin.send('GET', url, undefined, { 'sec-fetch-site': 'cross-site' });
    expect([navigated.statusCode, navigated.json().error.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    const events = () => h.deps.db.selectFrom('audit_events').select('id').where('type', '=', 'activity.exported');
    expect(await events().execute()).toEqual([]);
    for (const site of ['same-origin', 'none', undefined]) {
      const headers: Record<string, string> = site ? { 'sec-fetch-site': site } : {};
      expect([site, (await admin.send('GET', url, undefined, headers)).statusCode]).toEqual([site, 200]);
    }
    expect(await events().execute()).toHaveLength(3);
  });
});
