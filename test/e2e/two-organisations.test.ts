import { describe, expect, it } from 'vitest';
import { chromiumAvailable, completeSetup, expectAccessible, newDevice, withServerAndBrowser } from './support.js';

const NO_AUTOFILL = () => {
  if (window.PublicKeyCredential)
    Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false });
};
// CDP lists credential ids in base64; WebAuthn responses carry base64url.
const toBase64Url = (id: string) => id.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe.skipIf(!chromiumAvailable)('one person in two organisations with one authenticator', () => {
  const env = withServerAndBrowser();

  it(
    'picking the Demo passkey on the platform page explains itself, deletes nothing, and Demo still signs in',
    { timeout: 120_000 },
    async () => {
      const device = await newDevice(env.browser);
      const { page } = device;
      await page.addInitScript(NO_AUTOFILL);
      // The Demo admin is also the platform operator: both passkeys land on one authenticator (one RP ID).
      await completeSetup(page, env.server.setupLinks.demo!, 'demo admin password');
      await completeSetup(page, env.server.setupLinks.platform!, 'operator password');
      const created = await device.credentials();
      expect(created).toHaveLength(2);
      // The names the authenticator stored tell the two entries apart in a passkey picker.
      const stored = created as Array<{ credentialId: string; userName?: string; userDisplayName?: string }>;
      expect(stored.map((c) => [c.userName, c.userDisplayName]).sort()).toEqual([
        ['admin · Demo', 'Demo admin · Demo'],
        ['operator · Latchkey Platform', 'Platform operator · Latchkey Platform'],
      ]);
      const demoPasskey = toBase64Url(stored.find((c) => c.userName === 'admin · Demo')!.credentialId);
      const ids = () => device.credentials().then((list) => list.map((c) => c.credentialId).sort());
      const before = await ids();
      await page.context().clearCookies();

      // A virtual authenticator has no account picker: the person's pick of the Demo entry is made by
      // narrowing the platform page's request to that passkey. Server and page are otherwise untouched.
      await page.route('**/api/o/platform/sign-in/passkey/options', async (route) => {
        const answer = await route.fetch();
        const body = await answer.json();
        body.options.allowCredentials = [{ id: demoPasskey, type: 'public-key' }];
        await route.fulfill({ response: answer, json: body });
      });
      await page.goto(`${env.server.origin}/o/platform/sign-in`);
      const verify = page.waitForRequest((r) => r.url().endsWith('/api/o/platform/sign-in/passkey/verify'));
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      expect((await verify).postDataJSON().response.id).toBe(demoPasskey);
      await page
        .getByRole('alert')
        .filter({
          hasText:
            'This passkey is for another organisation. ' +
            'Choose a different passkey or use the sign-in page of that organisation.',
        })
        .waitFor();
      expect(await page.getByRole('heading', { name: 'Sign in to Latchkey Platform' }).isVisible()).toBe(true);
      await expectAccessible(page);
      // The page did not ask the browser to forget it (signalUnknownCredential would have removed it).
      expect(await ids()).toEqual(before);

      // The Demo passkey still signs in to Demo.
      await page.goto(`${env.server.origin}/o/demo/sign-in`);
      await page.getByLabel('Username or email').fill('admin');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Sign in with passkey' }).click();
      await page.getByRole('heading', { name: /Signed in as/ }).waitFor();
      await expectAccessible(page);
      expect(await ids()).toEqual(before);
    },
  );
});
