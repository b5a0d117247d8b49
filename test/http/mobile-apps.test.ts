import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';
const API = '/api/o/acme/admin/settings/mobile-apps';
const RELATION = ['delegate_permission/common.handle_all_urls', 'delegate_permission/common.get_login_creds'];
/** A SHA-256 fingerprint as Android tools print it: 32 hex pairs; `n` makes it distinct. */
const fingerprint = (n: number) =>
  Array.from({ length: 32 }, (_, i) => ((n * 31 + i) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
/** The origin Android puts in clientDataJSON: the certificate's SHA-256 bytes in base64url, computed independently. */
const apkOrigin = (fp: string) => {
  const base64 = Buffer.from(fp.replace(/:/g, ''), 'hex').toString('base64');
  return `android:apk-key-hash:${base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
};
const FP_A = fingerprint(1);
const FP_B = fingerprint(2);
const ACME_APPS = {
  android: [{ packageName: 'com.acme.app', sha256CertFingerprints: [FP_A.toLowerCase()] }],
  apple: [{ teamId: 'ACME123456', bundleId: 'com.acme.app' }],
};
const GLOBEX_APPS = {
  android: [{ packageName: 'com.globex.app', sha256CertFingerprints: [FP_B] }],
  apple: [{ teamId: 'GLOBEX1234', bundleId: 'com.globex.ios' }],
};

describe.each(DIALECTS)('mobile apps: Org Settings, well-known files and app origins (%s)', (dialect) => {
  let h: Harness;
  let acme: Organisation;
  let globex: Organisation;
  let ada: Browser;
  let gina: Browser;
  const signedIn = async (org: string, username: string) => {
    const browser = h.browser();
    expect((await browser.signInWithPassword(org, username, PASSWORD)).status).toBe(200);
    return browser;
  };
  const wellKnown = (file: string, host = 'localhost:3000') =>
    h.app.inject({ method: 'GET', url: `/.well-known/${file}`, headers: { host } });
  const audit = async () =>
    (
      await h.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('type', '=', 'org.mobile_apps_changed')
        .orderBy('created_at')
        .execute()
    ).map((e) => JSON.parse(e.details));

  beforeEach(async () => {
    h = await createHarness(dialect);
    acme = await h.org('acme', 'Acme');
    globex = await h.org('globex', 'Globex');
    for (const [username, role] of [
      ['ada', 'admin'],
      ['ed', 'editor'],
      ['bob', 'member'],
    ] as const)
      await h.user({ org: acme, username, role, password: PASSWORD });
    for (const [username, role] of [
      ['gina', 'admin'],
      ['gus', 'member'],
    ] as const)
      await h.user({ org: globex, username, role, password: PASSWORD });
    ada = await signedIn('acme', 'ada');
    gina = await signedIn('globex', 'gina');
  });
  afterEach(() => h.close());

  it("serves the shared host's files for 0, 1, 2 organisations: JSON, cacheable for minutes, no redirect", async () => {
    const empty = await wellKnown('assetlinks.json');
    expect(empty.statusCode).toBe(200);
    expect(empty.headers['content-type']).toBe('application/json');
    expect(empty.headers['cache-control']).toBe('public, max-age=300');
    expect(empty.json()).toEqual([]);
    const emptyApple = await wellKnown('apple-app-site-association');
    expect(emptyApple.statusCode).toBe(200);
    expect(emptyApple.headers['content-type']).toBe('application/json');
    expect(emptyApple.headers['cache-control']).toBe('public, max-age=300');
    expect(emptyApple.json()).toEqual({ webcredentials: { apps: [] } });

    const saved = await ada.put(API, ACME_APPS);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      rpId: 'localhost',
      android: [{ packageName: 'com.acme.app', sha256CertFingerprints: [FP_A], origins: [apkOrigin(FP_A)] }],
      apple: [{ teamId: 'ACME123456', bundleId: 'com.acme.app', appId: 'ACME123456.com.acme.app' }],
      files: {
        assetLinks: 'http://localhost:3000/.well-known/assetlinks.json',
        appleAppSiteAssociation: 'http://localhost:3000/.well-known/apple-app-site-association',
      },
    });
    expect((await ada.get(API)).body).toEqual(saved.body);
    const acmeStatement = {
      relation: RELATION,
      target: { namespace: 'android_app', package_name: 'com.acme.app', sha256_cert_fingerprints: [FP_A] },
    };
    expect((await wellKnown('assetlinks.json')).json()).toEqual([acmeStatement]);
    expect((await wellKnown('apple-app-site-association')).json()).toEqual({
      webcredentials: { apps: ['ACME123456.com.acme.app'] },
    });

    expect((await gina.put('/api/o/globex/admin/settings/mobile-apps', GLOBEX_APPS)).status).toBe(200);
    expect((await wellKnown('assetlinks.json')).json()).toEqual([
      acmeStatement,
      {
        relation: RELATION,
        target: { namespace: 'android_app', package_name: 'com.globex.app', sha256_cert_fingerprints: [FP_B] },
      },
    ]);
    expect((await wellKnown('apple-app-site-association')).json()).toEqual({
      webcredentials: { apps: ['ACME123456.com.acme.app', 'GLOBEX1234.com.globex.ios'] },
    });
    expect((await h.app.inject({ method: 'HEAD', url: '/.well-known/assetlinks.json' })).statusCode).toBe(200);

    // Removing them empties the files again; each change is audited before → after.
    expect((await ada.put(API, { android: [], apple: [] })).body).toMatchObject({ android: [], apple: [] });
    expect((await wellKnown('assetlinks.json')).json()).toHaveLength(1);
    expect(await audit()).toEqual([
      { android: `none → com.acme.app (${FP_A})`, apple: 'none → ACME123456.com.acme.app' },
      { android: `none → com.globex.app (${FP_B})`, apple: 'none → GLOBEX1234.com.globex.ios' },
      { android: `com.acme.app (${FP_A}) → none`, apple: 'ACME123456.com.acme.app → none' },
    ]);
  });

  it('gives an organisation with its own RP ID its own files, on its own host only', async () => {
    await h.deps.db
      .updateTable('organisations')
      .set({ rp_id: 'globex.example.com' })
      .where('id', '=', globex.id)
      .execute();
    const put = await gina.put('/api/o/globex/admin/settings/mobile-apps', GLOBEX_APPS);
    expect(put.body).toMatchObject({
      rpId: 'globex.example.com',
      files: { assetLinks: 'https://globex.example.com/.well-known/assetlinks.json' },
    });
    await ada.put(API, ACME_APPS);
    const own = await wellKnown('assetlinks.json', 'Globex.Example.com');
    expect(own.json().map((s: { target: { package_name: string } }) => s.target.package_name)).toEqual([
      'com.globex.app',
    ]);
    expect((await wellKnown('apple-app-site-association', 'globex.example.com')).json()).toEqual({
      webcredentials: { apps: ['GLOBEX1234.com.globex.ios'] },
    });
    expect(
      (await wellKnown('assetlinks.json'))
        .json()
        .map((s: { target: { package_name: string } }) => s.target.package_name),
    ).toEqual(['com.acme.app']);
    expect((await wellKnown('apple-app-site-association')).json()).toEqual({
      webcredentials: { apps: ['ACME123456.com.acme.app'] },
    });
  });

  it('refuses bad input with a coded 400 and changes nothing', async () => {
    await ada.put(API, ACME_APPS);
    const before = (await ada.get(API)).body;
    const android = (app: Record<string, unknown>) => ({
      android: [{ packageName: 'com.acme.app', sha256CertFingerprints: [FP_A], ...app }],
      apple: [],
    });
    const apple = (app: Record<string, unknown>) => ({
      android: [],
      apple: [{ teamId: 'ACME123456', bundleId: 'com.acme.app', ...app }],
    });
    const cases: Array<[unknown, string]> = [
      [android({ packageName: 'acme' }), 'android/0/packageName'],
      [android({ packageName: 'com.1acme.app' }), 'android/0/packageName'],
      [android({ packageName: 'com..acme' }), 'android/0/packageName'],
      [android({ packageName: 'com.acme-app.x' }), 'android/0/packageName'],
      [android({ sha256CertFingerprints: [] }), 'android/0/sha256CertFingerprints'],
      [android({ sha256CertFingerprints: [FP_A.replace(/:/g, '')] }), 'android/0/sha256CertFingerprints/0'],
      [android({ sha256CertFingerprints: [FP_A.slice(3)] }), 'android/0/sha256CertFingerprints/0'],
      [android({ sha256CertFingerprints: [`${FP_A.slice(0, -2)}ZZ`] }), 'android/0/sha256CertFingerprints/0'],
      [android({ sha256CertFingerprints: [FP_A, FP_A.toLowerCase()] }), 'android/0/sha256CertFingerprints'],
      [android({ sha256CertFingerprints: [1, 2, 3, 4, 5, 6].map(fingerprint) }), 'android/0/sha256CertFingerprints'],
      [{ android: [android({}).android[0], android({}).android[0]], apple: [] }, 'android'],
      [
        {
          android: Array.from({ length: 11 }, (_, i) => ({
            packageName: `com.acme.app${i}`,
            sha256CertFingerprints: [FP_A],
          })),
          apple: [],
        },
        'android',
      ],
      [apple({ teamId: 'acme123456' }), 'apple/0/teamId'],
      [apple({ teamId: 'ACME12345' }), 'apple/0/teamId'],
      [apple({ bundleId: 'acme' }), 'apple/0/bundleId'],
      [apple({ bundleId: 'com.acme app' }), 'apple/0/bundleId'],
      [
        {
          android: [],
          apple: Array.from({ length: 11 }, (_, i) => ({ teamId: 'ACME123456', bundleId: `com.acme.app${i}` })),
        },
        'apple',
      ],
    ];
    for (const [body, field] of cases) {
      const refused = await ada.put(API, body);
      expect(refused.status, field).toBe(400);
      expect(refused.body.error.code, field).toBe('MOBILE_APP_INVALID');
      expect(refused.body.error.details.field, JSON.stringify(body)).toBe(field);
    }
    for (const body of [
      { android: [] },
      { android: [], apple: [], extra: 1 },
      { android: [{ packageName: 'com.acme.app' }], apple: [] },
      { android: 'com.acme.app', apple: [] },
    ]) {
      const refused = await ada.put(API, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await ada.get(API)).body).toEqual(before);
    expect(await audit()).toHaveLength(1);
  });

  it("is for the organisation's admins only, and asks for a recent verification before a change", async () => {
    for (const username of ['ed', 'bob']) {
      const browser = await signedIn('acme', username);
      expect((await browser.get(API)).body.error.code).toBe('FORBIDDEN');
      expect((await browser.put(API, ACME_APPS)).body.error.code).toBe('FORBIDDEN');
    }
    expect((await h.browser().put(API, ACME_APPS)).body.error.code).toBe('UNAUTHENTICATED');
    expect((await gina.put(API, ACME_APPS)).status).toBe(401);
    h.advance(6 * 60 * 1000);
    const stale = await ada.put(API, ACME_APPS);
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('REVERIFY_REQUIRED');
    expect((await ada.get(API)).body.android).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it("accepts the app's android:apk-key-hash origin in its own organisation's passkey ceremonies only", async () => {
    const origin = apkOrigin(FP_A);
    const bob = await signedIn('acme', 'bob');
    const gus = await signedIn('globex', 'gus');
    const register = async (browser: Browser, org: string) => {
      const options = await browser.post(`/api/o/${org}/me/passkeys/options`);
      return browser.post(`/api/o/${org}/me/passkeys`, {
        response: await browser.authenticator.register(options.body.options, { origin }),
      });
    };
    // Not before an admin lists the app.
    expect((await register(bob, 'acme')).body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
    await ada.put(API, ACME_APPS);
    expect((await register(bob, 'acme')).status).toBe(200);
    expect((await register(gus, 'globex')).body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
    expect((await gus.addPasskey('globex')).status).toBe(200);

    // The member's phone: the same passkey, used through the app.
    const phone = h.browser();
    phone.authenticator.credentials.push(...bob.authenticator.credentials);
    expect((await phone.signInWithPasskey('acme', 'bob', { origin })).status).toBe(200);
    expect((await gus.signInWithPasskey('globex', 'gus', { origin })).body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
    expect((await gus.signInWithPasskey('globex', 'gus')).status).toBe(200);

    // The app's origin is not a web origin: requests carrying it as Origin are refused.
    expect((await bob.post('/api/o/acme/sign-in/identify', { identifier: 'bob' }, { origin })).body.error.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
    // Removed: no longer accepted.
    expect((await ada.put(API, { android: [], apple: [] })).status).toBe(200);
    expect((await phone.signInWithPasskey('acme', 'bob', { origin })).body.error.code).toBe('PASSKEY_RESPONSE_INVALID');
  });
});
