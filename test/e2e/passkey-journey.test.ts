import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  chromiumAvailable,
  completeSetup,
  expectAccessible,
  expectFocused,
  keepPasskeyName,
  newDevice,
  signOut,
  startServer,
  withServerAndBrowser,
} from './support.js';

// Chromium's virtual authenticators say AAGUID 01020304-…, which the vendored list lacks: the test list, set as
// AAGUID_METADATA_FILE (the operator's override), gives it an icon.
const AAGUID_LIST = path.resolve(import.meta.dirname, '../fixtures/aaguid-icons.json');
const signedInHeading = (page: Page) => page.getByRole('heading', { name: /Signed in as/ });

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe.skipIf(!chromiumAvailable)('passkey journey in Chromium with virtual authenticators', () => {
  const env = withServerAndBrowser({ env: () => ({ AAGUID_METADATA_FILE: AAGUID_LIST }) });

  it(
    'first admin sets up, signs in every way, manages passkeys, and falls back to a password',
    { timeout: 120_000 },
    async () => {
      const device = await newDevice(env.browser);
      const { page } = device;
      // Lets the test switch passkey autofill off, as in a browser without it, to drive the modal flows.
      await page.addInitScript(() => {
        if (localStorage.getItem('e2e:no-autofill') && window.PublicKeyCredential) {
          Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false });
        }
      });

      // 1. The one-time link printed at first start: create a passkey, then choose a password.
      expect(env.server.setupLinks.demo).toMatch(/\/o\/demo\/setup#token=/);
      await completeSetup(page, env.server.setupLinks.demo!, 'demo admin password', { reloadEachStep: true });
      const [credential] = await device.credentials();
      expect(credential).toMatchObject({ isResidentCredential: true });
      expect(page.url()).not.toContain('token=');
      await page.getByRole('link', { name: 'Continue' }).click();
      await signedInHeading(page).waitFor();
      await expectAccessible(page);

      // 2. Identifier-first sign-in with the passkey.
      await page.evaluate(() => localStorage.setItem('e2e:no-autofill', '1'));
      await page.reload();
      await signOut(page);
      await expectAccessible(page);
      await page.getByLabel('Username or email').fill('admin');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('Your account is protected by a passkey.').waitFor();
      await expectAccessible(page);
      expect(await page.getByRole('button', { name: 'Use password' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Sign in with passkey' }).click();
      await signedInHeading(page).waitFor();

      // 3. Usernameless sign-in (discoverable credential).
      await signOut(page);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await signedInHeading(page).waitFor();
      // Its session on the home page names the passkey, as the passkey list does.
      await page.goto(`${env.server.origin}/o/demo/`);
      await page
        .getByText(/^Signed in with passkey “[^”]+”/)
        .first()
        .waitFor();

      // 4. Autofill: the conditional request started on page load signs in by itself.
      await page.evaluate(() => localStorage.removeItem('e2e:no-autofill'));
      const autofilled = page.waitForResponse((r) => r.url().endsWith('/sign-in/passkey/verify') && r.status() === 200);
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await autofilled;
      await signedInHeading(page).waitFor();
      const afterSignIns = await device.credentials();
      expect(afterSignIns[0]!.signCount).toBeGreaterThanOrEqual(3);

      // 5. A cancelled prompt leaves the person on the page with "Try again" and "Use password".
      await page.evaluate(() => localStorage.setItem('e2e:no-autofill', '1'));
      await page.reload();
      await signOut(page);
      await device.cdp.send('WebAuthn.setUserVerified', {
        authenticatorId: device.authenticatorId,
        isUserVerified: false,
      });
      await page.getByLabel('Username or email').fill('admin');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Sign in with passkey' }).click();
      await page.getByRole('alert').filter({ hasText: 'cancelled or timed out' }).waitFor();
      // Keyboard and screen-reader users continue from the error, not from the top of the page.
      await expectFocused(page.getByRole('alert').filter({ hasText: 'cancelled or timed out' }));
      await expectAccessible(page);
      expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      await device.cdp.send('WebAuthn.setUserVerified', {
        authenticatorId: device.authenticatorId,
        isUserVerified: true,
      });

      // 6. Password fallback with "Use password".
      await page.getByRole('button', { name: 'Use password' }).click();
      await page.getByLabel('Password', { exact: true }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Password', { exact: true }).fill('demo admin password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await signedInHeading(page).waitFor();

      // 7. Settings > Passkeys: a second passkey from a second authenticator (another device's passkey).
      await page.getByRole('link', { name: 'Passkeys' }).click();
      await page.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
      await page.getByRole('list', { name: 'Your passkeys' }).waitFor();
      await expectAccessible(page);
      await device.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: device.authenticatorId });
      const second = await device.addAuthenticator();
      await page.getByRole('button', { name: 'Add passkey' }).click();
      await page.getByRole('status').filter({ hasText: 'Passkey added' }).waitFor();
      // The virtual authenticator's icon, from the test list (AAGUID_LIST).
      const nameHeading = page.getByRole('heading', { name: 'Name this passkey' });
      await nameHeading.locator('img[alt=""]').waitFor();
      await keepPasskeyName(page);
      await page.getByText('Chrome on Linux (2)').waitFor();
      const icons = page.getByRole('list', { name: 'Your passkeys' }).locator('img.authenticator-icon[alt=""]');
      expect(await icons.count()).toBe(2);
      // Loaded through the page's CSP, from the icon's own address.
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('img.authenticator-icon')].every((i) => i.naturalWidth > 0),
      );
      await expectAccessible(page);
      expect(await device.credentials(second)).toHaveLength(1);

      // 8. Rename it.
      await page.getByRole('button', { name: 'Rename Chrome on Linux (2)' }).click();
      await page.getByLabel('Passkey name').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Passkey name').fill('Work laptop');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Rename Work laptop' }).waitFor();

      // 9. Delete it, after confirming; the Signal API removes it from the authenticator too.
      await page.getByRole('button', { name: 'Delete Work laptop' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete passkey' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('dialog').getByRole('button', { name: 'Delete passkey' }).click();
      await page.getByRole('button', { name: 'Rename Work laptop' }).waitFor({ state: 'detached' });
      expect(
        await waitFor(
          () => device.credentials(second),
          (c) => c.length === 0,
        ),
      ).toEqual([]);
      expect(await page.getByRole('button', { name: 'Delete Chrome on Linux' }).isVisible()).toBe(true);
      // The item and its buttons are gone: focus is on the list, not back at the top of the page.
      await expectFocused(page.getByRole('list', { name: 'Your passkeys' }));
    },
  );
});

describe('the built server without AAGUID_METADATA_FILE', () => {
  it("serves the vendored list's icons (the build carries the list)", { timeout: 120_000 }, async () => {
    const list = path.resolve(import.meta.dirname, '../../src/passkeys/authenticator-icons/aaguid.json');
    const aaguid = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4'; // Google Password Manager
    const [, type, base64] = /^data:(image\/svg\+xml);base64,(.*)$/.exec(
      JSON.parse(fs.readFileSync(list, 'utf8'))[aaguid].icon_light,
    )!;
    const hash = createHash('sha256').update(Buffer.from(base64!, 'base64')).digest('hex').slice(0, 12);
    const server = await startServer();
    try {
      const icon = await fetch(`${server.origin}/authenticator-icons/${aaguid}-light-${hash}.svg`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe(type);
    } finally {
      await server.stop();
    }
  });
});
