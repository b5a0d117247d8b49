/**
 * Rollout at "Admins only": a member added meanwhile is not offered passkeys yet, and the console gives them a way
 * in all the same. The admin's "Set up account" hands out a 9-character code; with it the member chooses a password.
 */
import { describe, expect, it } from 'vitest';
import {
  ageVerifications,
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  newDevice,
  withServerAndBrowser,
  withoutAutofill,
} from './support.js';

describe.skipIf(!chromiumAvailable)('setting up a member the rollout has not reached, in Chromium', () => {
  const env = withServerAndBrowser();

  it('the admin generates a code; the member enters it and chooses a password', { timeout: 120_000 }, async () => {
    const { origin } = env.server;
    const admin = await newDevice(env.browser);
    await completeSetup(admin.page, env.server.setupLinks.demo!, 'demo admin password');
    await admin.page.goto(`${origin}/o/demo/admin/settings/passkeys`);
    await admin.page.getByLabel('Enable passkeys').check();
    await admin.page.getByRole('radio', { name: 'Admins only' }).check();
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    cli(env.server, ['user', 'create', '--org', 'demo', '--username', 'una', '--display-name', 'Una']);

    await admin.page.goto(`${origin}/o/demo/admin/users`);
    await admin.page.getByRole('link', { name: 'Una', exact: true }).click();
    const setUp = admin.page.getByRole('region', { name: 'Set up account' });
    await setUp.getByText('Passkeys are not offered to Una yet').waitFor();
    expect(await admin.page.getByRole('region', { name: 'Enroll a Passkey' }).count()).toBe(0);
    // Nothing to recover yet: no passkey, no password.
    const recover = admin.page.getByRole('region', { name: 'Lost or replaced device' });
    await recover.getByText('Una has no passkey and no password yet: nothing to recover.').waitFor();
    expect(await recover.getByRole('button', { name: 'Recover account' }).count()).toBe(0);
    await setUp.getByRole('button', { name: 'Set up account' }).click();
    await setUp.getByRole('radio', { name: 'Generate 9-character code' }).check();
    // Away for over 5 minutes: "Confirm it's you" asks inside the panel, with the one Cancel.
    ageVerifications(env.server);
    await setUp.getByRole('button', { name: 'Generate 9-character code' }).click();
    await setUp.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    expect(await setUp.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    await setUp.getByRole('button', { name: 'Confirm with passkey' }).click();
    const code = (await setUp.getByTestId('enrollment-code').textContent())?.trim() ?? '';
    await expectAccessible(admin.page);

    const una = await newDevice(env.browser);
    await withoutAutofill(una.page);
    // From the sign-in page: passkeys are not offered to her, so her name leads to the password step, and from there
    // to the code.
    await una.page.goto(`${origin}/o/demo/sign-in`);
    await una.page.getByLabel('Username or email').fill('una');
    await una.page.getByRole('button', { name: 'Continue' }).click();
    await una.page.getByLabel('Password', { exact: true }).waitFor();
    // Where to go without a way in: the administrator, for a code.
    await una.page.getByText('Lost your device, or forgot your password? Ask your administrator').waitFor();
    await una.page.getByRole('link', { name: 'Have an enrollment code?' }).click();
    await una.page.getByLabel('Enrollment code').fill(code);
    await una.page.getByLabel('Username or email').fill('una');
    await una.page.getByRole('button', { name: 'Continue' }).click();
    await una.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
    // Not "Enroll a passkey": the page is named for what the code does here.
    expect(await una.page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up your account');
    // The admin's page, still showing the code, sees it entered: she is choosing a password, not creating a passkey.
    const told = (text: string) => setUp.getByRole('status').filter({ hasText: text }).waitFor({ timeout: 10_000 });
    await told('Una entered the code and is choosing a password.');
    // Her only way in: no "Skip", and no passkey offered.
    expect(await una.page.getByRole('button', { name: 'Skip' }).count()).toBe(0);
    expect(await una.page.getByRole('button', { name: 'Create a passkey' }).count()).toBe(0);
    await expectAccessible(una.page);
    await una.page.getByLabel('New password').fill('una chose this password');
    await una.page.getByRole('button', { name: 'Save password' }).click();
    await una.page.getByRole('heading', { name: 'Signed in as Una' }).waitFor();
    await told('Una entered the code and chose a password.');
    // Settings: her password is how she signs in, not "a backup" for a passkey she is not offered.
    await una.page.goto(`${origin}/o/demo/settings/passkeys`);
    await una.page.getByText('You have a password: you sign in with it.').waitFor();
    expect(await una.page.getByText(/backup/).count()).toBe(0);

    // Her page now says she has a password: a second code would be a way in beside it.
    await admin.page.reload();
    await setUp.getByText('Una has a password. If they forgot it, use “Recover account” below.').waitFor();
    await recover.getByRole('button', { name: 'Recover account' }).waitFor();
    await Promise.all([admin.context.close(), una.context.close()]);
  });
});
