import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  completeSetup,
  expectAccessible,
  keepPasskeyName,
  newDevice,
  signOut,
  withServerAndBrowser,
  withoutAutofill,
} from './support.js';

describe.skipIf(!chromiumAvailable)('sign in to another device with a code, two devices', () => {
  const env = withServerAndBrowser();

  it(
    'device B shows a code, device A approves it with its passkey, B is signed in and creates its own passkey',
    { timeout: 120_000 },
    async () => {
      // Device A: has a passkey and is signed in.
      const a = await newDevice(env.browser);
      await completeSetup(a.page, env.server.setupLinks.demo!, 'demo admin password');

      // Device B: no passkey; starts "Sign in from another device".
      const b = await newDevice(env.browser);
      await b.page.goto(`${env.server.origin}/o/demo/sign-in`);
      await b.page.getByLabel('Username or email').fill('admin');
      await b.page.getByRole('button', { name: 'Continue' }).click();
      const codeElement = b.page.getByTestId('sign-in-code');
      const newCode = async () => {
        await b.page.getByRole('button', { name: 'Sign in from another device' }).click();
        await codeElement.waitFor();
        return (await codeElement.textContent())!.trim();
      };
      // A first code, given up with Cancel: it stops working at once.
      const cancelled = await newCode();
      await b.page.getByRole('button', { name: 'Cancel' }).click();
      await codeElement.waitFor({ state: 'detached' });
      const code = await newCode();
      expect(code).not.toBe(cancelled);
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      await b.page.getByText(/Valid for/).waitFor();
      await expectAccessible(b.page);

      // Device A: Settings > Passkeys > Sign in to another device.
      await a.page.goto(`${env.server.origin}/o/demo/settings/passkeys`);
      await a.page.getByRole('button', { name: 'Sign in to another device' }).click();
      await a.page.getByLabel('Code', { exact: true }).waitFor();
      await expectAccessible(a.page);
      await a.page.getByLabel('Code', { exact: true }).fill(cancelled);
      await a.page.getByRole('button', { name: 'Verify code' }).click();
      await a.page.getByRole('alert').filter({ hasText: 'That code is not valid.' }).waitFor();
      await a.page.getByLabel('Code', { exact: true }).fill(code.toLowerCase());
      await a.page.getByRole('button', { name: 'Verify code' }).click();
      await a.page.getByText('Chrome on Linux').first().waitFor();
      await a.page.getByText(/127\.0\.0\.1/).waitFor();
      await expectAccessible(a.page);
      await a.page.getByRole('button', { name: 'Approve' }).click();
      // It says how long the other device stays in: while this one does.
      await a.page.getByRole('status').filter({ hasText: 'signing out here signs it out too' }).waitFor();
      await expectAccessible(a.page);

      // Device B notices by itself, is signed in, and is offered a passkey for this device.
      await b.page.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 10_000 });
      await expectAccessible(b.page);
      await b.page.getByRole('button', { name: 'Continue' }).click();
      // Named, and no password asked: this member already has one.
      await keepPasskeyName(b.page);
      await b.page.getByRole('heading', { name: /Signed in as/ }).waitFor({ timeout: 10_000 });
      await expectAccessible(b.page);
      expect(await b.credentials()).toHaveLength(1);

      // Both passkeys appear in Settings > Passkeys, with distinct names.
      await a.page.goto(`${env.server.origin}/o/demo/settings/passkeys`);
      await a.page.getByRole('button', { name: 'Rename Chrome on Linux (2)' }).waitFor();
      expect(await a.page.getByRole('button', { name: /^Rename / }).count()).toBe(2);
      await expectAccessible(a.page);
      expect(await a.page.getByRole('button', { name: 'Rename Chrome on Linux', exact: true }).count()).toBe(1);

      // B, signed out, comes in from A once more: at "Create a passkey" its own passkey is found there, which is news,
      // not an error, and Continue goes on.
      await withoutAutofill(b.page);
      await signOut(b.page);
      await b.page.getByLabel('Username or email').fill('admin');
      await b.page.getByRole('button', { name: 'Continue' }).click();
      const again = await newCode();
      await a.page.getByRole('button', { name: 'Sign in to another device' }).click();
      await a.page.getByLabel('Code', { exact: true }).fill(again);
      await a.page.getByRole('button', { name: 'Verify code' }).click();
      await a.page.getByRole('button', { name: 'Approve' }).click();
      await b.page.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 10_000 });
      await b.page.getByRole('button', { name: 'Continue' }).click();
      await b.page
        .getByRole('status')
        .filter({ hasText: 'This device already has a passkey for your account' })
        .waitFor();
      expect(await b.page.getByRole('alert').count()).toBe(0);
      await b.page.getByRole('button', { name: 'Continue' }).click();
      await b.page.getByRole('heading', { name: /Signed in as/ }).waitFor();
      expect(await b.credentials()).toHaveLength(1);
    },
  );
});
