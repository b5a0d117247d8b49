/**
 * A member who lost every device comes back with a 9-character code: a reload after entering it, or "Do this later"
 * with no passkey and no password, must not strand them (the code works once and has already signed them in).
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, cli, completeSetup, newDevice, withServerAndBrowser, withoutAutofill } from './support.js';

describe.skipIf(!chromiumAvailable)('coming back with an enrollment code, in Chromium', () => {
  const env = withServerAndBrowser();

  it(
    'a reload goes on at "Create a passkey"; "Do this later" asks for a password first',
    { timeout: 120_000 },
    async () => {
      const { origin } = env.server;
      const admin = await newDevice(env.browser);
      await completeSetup(admin.page, env.server.setupLinks.demo!, 'demo admin password');
      cli(env.server, ['user', 'create', '--org', 'demo', '--username', 'sam', '--display-name', 'Sam']);
      await admin.page.goto(`${origin}/o/demo/admin/users`);
      await admin.page.getByRole('link', { name: 'Sam', exact: true }).click();
      const section = admin.page.getByRole('region', { name: 'Enroll a Passkey' });
      await section.getByRole('button', { name: 'Enroll a Passkey' }).click();
      await section.getByRole('radio', { name: 'Generate 9-character code' }).check();
      await section.getByRole('button', { name: 'Generate 9-character code' }).click();
      const code = (await section.getByTestId('enrollment-code').textContent())!.trim();

      const sam = await newDevice(env.browser);
      await withoutAutofill(sam.page);
      await sam.page.goto(`${origin}/o/demo/enroll`);
      await sam.page.getByLabel('Enrollment code').fill(code);
      await sam.page.getByLabel('Username or email').fill('sam');
      await sam.page.getByRole('button', { name: 'Continue' }).click();
      await sam.page.getByRole('button', { name: 'Create a passkey' }).waitFor();
      // The code is used: a reload goes on from where the member was, not back to a code that no longer works.
      await sam.page.reload();
      await sam.page.getByRole('button', { name: 'Create a passkey' }).waitFor();
      expect(await sam.page.getByLabel('Enrollment code').count()).toBe(0);

      // "Do this later" after sign-in, with nothing to sign in with next time: a password first, with no Skip.
      await sam.page.goto(`${origin}/o/demo/`);
      await sam.page.getByRole('button', { name: 'Do this later' }).click();
      await sam.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
      expect(await sam.page.getByRole('button', { name: 'Skip' }).count()).toBe(0);
      // Home, reached around it, says so first of all: not "a backup" of a way in the member does not have.
      await sam.page.goto(`${origin}/o/demo/`);
      const card = sam.page.getByRole('region', { name: 'Set up a way to sign in' });
      await card.getByText('You have no passkey and no password yet.', { exact: false }).waitFor();
      expect(await sam.page.getByText(/backup/i).count()).toBe(0);
      await card.getByRole('link', { name: 'Set it up in Settings › Passkeys' }).click();
      await sam.page.getByText('You do not have a password. Set one to sign in with it.').waitFor();
      await sam.page.getByRole('button', { name: 'Set a password' }).click();
      await sam.page.getByLabel('New password').fill('sam chose this password');
      await sam.page.getByRole('button', { name: 'Save password' }).click();
      await sam.page.getByRole('status').filter({ hasText: 'Password saved' }).waitFor();
      await sam.page.goto(`${origin}/o/demo/`);
      await sam.page.getByRole('region', { name: /^Add a backup/ }).waitFor();
      expect(await sam.page.getByRole('region', { name: 'Set up a way to sign in' }).count()).toBe(0);
      await Promise.all([admin.context.close(), sam.context.close()]);
    },
  );
});
