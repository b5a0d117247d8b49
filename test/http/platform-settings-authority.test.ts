/**
 * The `platform` organisation's members are the operators. Its settings decide how they sign in and get back in:
 * a mobile app's signing key becomes an accepted origin for their passkeys, its email templates carry their
 * recovery links, its enrollment settings say how long those last, its apps get their sign-ins. As for its passkey
 * policy and pilot group (policy-admin.test.ts), only an operator changes them; a plain admin of `platform` gets
 * FORBIDDEN and changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapIfEmpty } from '../../src/orgs/bootstrap.js';
import { getOrganisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';
const app = (name: string, redirectUri: string) => ({
  name,
  redirectUris: [redirectUri],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  firstParty: true,
});
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');

describe.each(DIALECTS)("only operators change the platform organisation's sign-in settings (%s)", (dialect) => {
  let h: Harness;
  let templateId: string;
  let clientId: string;
  const signedIn = async (username: string) => {
    const browser = h.browser();
    expect((await browser.signInWithPassword('platform', username, PASSWORD)).status).toBe(200);
    return browser;
  };
  const audited = async () => (await h.deps.db.selectFrom('audit_events').select('type').execute()).map((e) => e.type);

  /** Every change of these settings, as an admin's console would send it. */
  const changes = () =>
    [
      ['PUT', '/api/o/platform/admin/settings/mobile-apps', { android: [], apple: [] }],
      [
        'PUT',
        '/api/o/platform/admin/settings/mobile-apps',
        {
          android: [{ packageName: 'com.evil.app', sha256CertFingerprints: [FINGERPRINT] }],
          apple: [{ teamId: 'EVIL123456', bundleId: 'com.evil.app' }],
        },
      ],
      ['POST', '/api/o/platform/admin/email-templates', { name: 'Mine', subject: 'S', body: '{{link}}' }],
      ['PUT', `/api/o/platform/admin/email-templates/${templateId}`, { name: 'Ops', subject: 'S2', body: '{{link}}' }],
      ['PUT', '/api/o/platform/admin/email-templates/default', { templateId }],
      ['DELETE', `/api/o/platform/admin/email-templates/${templateId}`, undefined],
      ['PUT', '/api/o/platform/admin/settings/enrollment', { codeSeconds: 600, linkDays: 30 }],
      ['POST', '/api/o/platform/admin/apps', { ...app('Evil', 'https://evil.example/cb'), public: false }],
      ['PUT', `/api/o/platform/admin/apps/${clientId}`, app('Ops app', 'https://evil.example/cb')],
      ['POST', `/api/o/platform/admin/apps/${clientId}/rotate-secret`, {}],
      ['DELETE', `/api/o/platform/admin/apps/${clientId}`, undefined],
    ] as const;

  beforeEach(async () => {
    h = await createHarness(dialect);
    await bootstrapIfEmpty(h.deps);
    const platform = await getOrganisation(h.deps, { slug: 'platform' });
    await h.user({ org: platform, username: 'op', role: 'operator', password: PASSWORD });
    await h.user({ org: platform, username: 'padmin', role: 'admin', password: PASSWORD });
    const operator = await signedIn('op');
    const template = await operator.post('/api/o/platform/admin/email-templates', {
      name: 'Operators',
      subject: 'Your way back in',
      body: 'Open this link:\n{{link}}',
    });
    expect(template.status).toBe(200);
    templateId = template.body.template.id;
    const added = await operator.post('/api/o/platform/admin/apps', {
      ...app('Ops app', 'https://ops.example/cb'),
      public: false,
    });
    expect(added.status).toBe(200);
    clientId = added.body.app.clientId;
  });
  afterEach(() => h.close());

  it('refuses each change to an admin of platform with FORBIDDEN, changing nothing', async () => {
    const padmin = await signedIn('padmin');
    const before = {
      templates: (await padmin.get('/api/o/platform/admin/email-templates')).body,
      mobileApps: (await padmin.get('/api/o/platform/admin/settings/mobile-apps')).body,
      enrollment: (await padmin.get('/api/o/platform/admin/settings/enrollment')).body,
      apps: (await padmin.get('/api/o/platform/admin/apps')).body,
    };
    const events = await audited();
    for (const [method, url, body] of changes()) {
      const refused = await padmin.request(method, url, body);
      expect([method, url, refused.status, refused.body.error?.code]).toEqual([method, url, 403, 'FORBIDDEN']);
    }
    expect({
      templates: (await padmin.get('/api/o/platform/admin/email-templates')).body,
      mobileApps: (await padmin.get('/api/o/platform/admin/settings/mobile-apps')).body,
      enrollment: (await padmin.get('/api/o/platform/admin/settings/enrollment')).body,
      apps: (await padmin.get('/api/o/platform/admin/apps')).body,
    }).toEqual(before);
    expect(await audited()).toEqual(events);
  });

  it('lets an operator make each of them', async () => {
    const operator = await signedIn('op');
    for (const [method, url, body] of changes()) {
      const made = await operator.request(method, url, body);
      expect([method, url, made.status]).toEqual([method, url, 200]);
    }
  });

  it("leaves another organisation's admin in charge of its own", async () => {
    const acme = await h.org();
    await h.user({ org: acme, username: 'ada', role: 'admin', password: PASSWORD });
    const ada = h.browser();
    expect((await ada.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    const made = await ada.post('/api/o/acme/admin/email-templates', { name: 'Mine', subject: 'S', body: '{{link}}' });
    expect(made.status).toBe(200);
    expect((await ada.put('/api/o/acme/admin/settings/enrollment', { linkDays: 3 })).status).toBe(200);
  });
});
