import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { loadAuthenticatorIcons } from '../../src/passkeys/authenticator-icons.js';

// Our own stand-in for the operator's aaguid.json: plain circles under real AAGUIDs, a PNG, broken entries.
const LIST = path.resolve(import.meta.dirname, '../fixtures/aaguid-icons.json');
const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
const ICLOUD_KEYCHAIN = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
const WINDOWS_HELLO = '08987058-cadc-4b81-b6e1-30de50dcbe96';
const ONE_PASSWORD = 'bada5566-a7aa-401f-bd96-45619a55120d';
const CHROMIUM_VIRTUAL = '01020304-0506-0708-0102-030405060708';
const VENDORED = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../src/passkeys/authenticator-icons/aaguid.json'), 'utf8'),
);
const ICON_PATH = /^\/authenticator-icons\/[0-9a-f-]{36}-(light|dark)-[0-9a-f]{12}\.(svg|png)$/;

async function addPasskeyFrom(browser: Browser, aaguid?: string) {
  const authenticator = new SoftAuthenticator({ origin: 'http://localhost:3000', ...(aaguid ? { aaguid } : {}) });
  const options = await browser.post('/api/o/acme/me/passkeys/options');
  const added = await browser.post('/api/o/acme/me/passkeys', {
    response: await authenticator.register(options.body.options),
  });
  expect(added.status).toBe(200);
  return added.body.passkey;
}

describe.each(DIALECTS)('authenticator icons (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  async function signedIn(env: Record<string, string>) {
    h = await createHarness(dialect, env);
    const org = await h.org();
    await h.user({ org, username: 'ada', password: 'correct horse battery', role: 'admin' });
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    return browser;
  }

  it('gives icon paths for known AAGUIDs only, and serves each icon as a cached, sandboxed image', async () => {
    const browser = await signedIn({ AAGUID_METADATA_FILE: LIST });
    const created = await addPasskeyFrom(browser, GOOGLE_PASSWORD_MANAGER);
    // The "Name this passkey" step has it at once.
    expect(created.authenticatorIcon.light).toMatch(ICON_PATH);
    await addPasskeyFrom(browser, ICLOUD_KEYCHAIN);
    await addPasskeyFrom(browser, WINDOWS_HELLO);
    await addPasskeyFrom(browser, ONE_PASSWORD);
    await addPasskeyFrom(browser); // the none AAGUID, all zeros (the list's entry for it is ignored)
    const { passkeys } = (await browser.get('/api/o/acme/me/passkeys')).body;
    const [google, icloud, hello, onePassword, none] = passkeys;
    expect(google.authenticatorIcon).toEqual(created.authenticatorIcon);
    expect(google.authenticatorIcon.light).not.toBe(google.authenticatorIcon.dark);
    expect(google.authenticatorIcon.dark).toMatch(ICON_PATH);
    // Only a light icon in the list (and an upper-case key): it serves for dark too.
    expect(icloud.authenticatorIcon.dark).toBe(icloud.authenticatorIcon.light);
    expect(hello.authenticatorIcon.light).toMatch(/\.png$/);
    // Icons that are neither SVG nor PNG are no icon, though the vendored list has good ones: the file replaces it.
    expect(onePassword).toMatchObject({ authenticatorName: '1Password', authenticatorIcon: null });
    expect(none.authenticatorIcon).toBeNull();

    const admin = await browser.get(`/api/o/acme/admin/users/${(await browser.get('/api/o/acme/me')).body.user.id}`);
    expect(admin.body.passkeys[0].authenticatorIcon).toEqual(google.authenticatorIcon);

    const svg = await browser.send('GET', google.authenticatorIcon.dark);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toContain('#8ab4f8');
    expect(svg.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(svg.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    const png = await browser.send('GET', hello.authenticatorIcon.light);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });

  it('answers a coded 404 for an unknown, malformed or stale icon name', async () => {
    const browser = await signedIn({ AAGUID_METADATA_FILE: LIST });
    const known = (await addPasskeyFrom(browser, GOOGLE_PASSWORD_MANAGER)).authenticatorIcon.light as string;
    const hash = known.slice(-16, -4);
    for (const url of [
      `/authenticator-icons/${ONE_PASSWORD}-light-${hash}.svg`,
      `/authenticator-icons/00000000-0000-0000-0000-000000000000-light-${hash}.svg`,
      known.replace(/-[0-9a-f]{12}\.svg$/, '-000000000000.svg'),
      known.replace('.svg', '.png'),
      known.toUpperCase().replace('/AUTHENTICATOR-ICONS/', '/authenticator-icons/'),
      '/authenticator-icons/..%2F..%2Fetc%2Fpasswd',
      '/authenticator-icons/not-an-aaguid.svg',
    ]) {
      const response = await browser.send('GET', url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('NOT_FOUND');
    }
  });

  it("without AAGUID_METADATA_FILE, serves the vendored list's icons", async () => {
    const browser = await signedIn({});
    for (const aaguid of [GOOGLE_PASSWORD_MANAGER, ICLOUD_KEYCHAIN]) {
      const { authenticatorIcon } = await addPasskeyFrom(browser, aaguid);
      for (const variant of ['light', 'dark'] as const) {
        // The image is the list's own, as its data URI says.
        const [, type, base64] = /^data:([^;]+);base64,(.*)$/.exec(VENDORED[aaguid][`icon_${variant}`])!;
        const url = authenticatorIcon[variant];
        expect(url, `${aaguid} ${variant}`).toMatch(ICON_PATH);
        const icon = await browser.send('GET', url);
        expect(icon.statusCode).toBe(200);
        expect(icon.headers['content-type']).toBe(type);
        expect(icon.rawPayload.equals(Buffer.from(base64!, 'base64'))).toBe(true);
      }
    }
    // Not in the list: Chromium's virtual authenticators, and the none AAGUID.
    expect((await addPasskeyFrom(browser, CHROMIUM_VIRTUAL)).authenticatorIcon).toBeNull();
    expect((await addPasskeyFrom(browser)).authenticatorIcon).toBeNull();
  });
});

describe('AAGUID_METADATA_FILE', () => {
  it('stops start-up when the file cannot be read as a JSON object of AAGUIDs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-aaguids-'));
    const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
    expect(() => loadAuthenticatorIcons(path.join(dir, 'missing.json'))).toThrow(
      /AAGUID_METADATA_FILE must be a readable JSON file/,
    );
    expect(() => loadAuthenticatorIcons(write('bad.json', '{"a":'))).toThrow(
      /AAGUID_METADATA_FILE must be a readable JSON file/,
    );
    expect(() => loadAuthenticatorIcons(write('list.json', '[]'))).toThrow(
      /AAGUID_METADATA_FILE must be a JSON object of AAGUIDs/,
    );
    // The list's announced retirement: an empty object, so no icons (and no failure).
    expect(loadAuthenticatorIcons(write('empty.json', '{}')).paths(GOOGLE_PASSWORD_MANAGER)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });
});
