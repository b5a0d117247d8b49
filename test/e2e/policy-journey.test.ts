import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_LINKS, expectNavOnOneRow, expectNavReachableOnPhone } from './account-nav.js';
import {
  ageVerifications,
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  keepPasskeyName,
  newDevice,
  signInWithPassword,
  signOut,
  withServerAndBrowser,
  type Device,
} from './support.js';

const NO_AUTOFILL = () => {
  if (window.PublicKeyCredential)
    Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false });
};

// Some pages here show "Sign out" more than once (Create a passkey's own beside the header's; each session in
// the sessions list): the first is used.
const signOutFirst = (page: Page) => signOut(page, page.getByRole('button', { name: 'Sign out', exact: true }).first());

describe.skipIf(!chromiumAvailable)(
  'rollout journey: operator gate, optional, Force Passkey Setup, passkey-only',
  () => {
    const env = withServerAndBrowser();
    // Every sign-in here is a password sign-in to acme, with axe looking at its pages on the way.
    const signInAs = (page: Page, username: string, password: string) =>
      signInWithPassword(page, { origin: env.server.origin, org: 'acme', username, password, checkAccessible: true });

    it(
      'takes an organisation from no passkeys to passkey-only sign-in without locking anyone out',
      { timeout: 180_000 },
      async () => {
        // The operator sets up their account and opens the console.
        const operator: Device = await newDevice(env.browser);
        await operator.page.addInitScript(NO_AUTOFILL);
        await completeSetup(operator.page, env.server.setupLinks.platform!, 'operator password');
        await operator.page.goto(`${env.server.origin}/platform`);
        await operator.page.getByRole('heading', { name: 'Organisations' }).waitFor();
        await expectAccessible(operator.page);
        // The operator has every link: one row on a desktop, all reachable through "Menu" on a phone.
        await expectNavOnOneRow(operator.page);
        await expectNavReachableOnPhone(operator.page, [...ADMIN_LINKS, 'Operator console']);
        await operator.page.getByLabel('Organisation name').fill('Acme Corp');
        await operator.page.getByLabel('Short name (used in addresses)').fill('acme');
        await operator.page.getByRole('button', { name: 'Create organisation' }).click();
        await operator.page.getByRole('status').filter({ hasText: 'Created Acme Corp' }).waitFor();
        await expectAccessible(operator.page);
        const available = operator.page.getByRole('checkbox', { name: 'Passkeys available for Acme Corp' });
        expect(await available.isChecked()).toBe(false);

        cli(
          env.server,
          ['user', 'create', '--org', 'acme', '--username', 'ada', '--role', 'admin', '--password-stdin'],
          'admin password\n',
        );
        cli(
          env.server,
          ['user', 'create', '--org', 'acme', '--username', 'bob', '--display-name', 'Bob', '--password-stdin'],
          'member password\n',
        );

        // Before the operator's switch, the admin cannot enable passkeys.
        const admin = await newDevice(env.browser);
        await admin.page.addInitScript(NO_AUTOFILL);
        await signInAs(admin.page, 'ada', 'admin password');
        await admin.page.getByRole('heading', { name: /Signed in as/ }).waitFor();
        await expectAccessible(admin.page);
        await admin.page.goto(`${env.server.origin}/o/acme/admin/settings/passkeys`);
        await admin.page.getByText('Passkeys are not available for this organisation yet.').waitFor();
        await admin.page.getByRole('button', { name: 'Save language' }).waitFor();
        await expectAccessible(admin.page);
        // Not the member's "Passkeys" page: its own title and heading.
        expect(await admin.page.title()).toBe('Org Settings › Passkeys · Latchkey');
        expect(await admin.page.getByRole('heading', { level: 1 }).textContent()).toBe('Passkey settings');
        expect(await admin.page.getByLabel('Enable passkeys').isDisabled()).toBe(true);

        // The operator makes passkeys available; the admin enables them, optional, for everyone.
        await available.check();
        await operator.page
          .getByRole('status')
          .filter({ hasText: 'Passkeys are now available for Acme Corp' })
          .waitFor();
        await expectAccessible(operator.page);
        await admin.page.reload();
        await admin.page.getByLabel('Enable passkeys').check();
        await admin.page.getByRole('radio', { name: 'Everyone' }).check();
        await admin.page.getByRole('button', { name: 'Save settings' }).click();
        await admin.page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
        await expectAccessible(admin.page);

        // Hiding whether an account exists: bob, who has no passkey, is not told a passkey protects his account.
        const saveSettings = () =>
          Promise.all([
            admin.page.waitForResponse((r) => r.url().endsWith('/admin/settings/passkeys') && r.ok()),
            admin.page.getByRole('button', { name: 'Save settings' }).click(),
          ]);
        await admin.page.getByLabel('Hide whether an account exists').check();
        await saveSettings();
        const stranger = await newDevice(env.browser);
        await stranger.page.addInitScript(NO_AUTOFILL);
        await stranger.page.goto(`${env.server.origin}/o/acme/sign-in`);
        await stranger.page.getByLabel('Username or email').fill('bob');
        await stranger.page.getByRole('button', { name: 'Continue' }).click();
        await stranger.page.getByText('Sign in with your passkey if you have one, or with your password.').waitFor();
        expect(await stranger.page.getByText('Your account is protected by a passkey.').count()).toBe(0);
        await admin.page.getByLabel('Hide whether an account exists').uncheck();
        await saveSettings();

        // The member signs in with their password, is offered a passkey, and chooses "Do this later".
        const member = await newDevice(env.browser);
        await member.page.addInitScript(NO_AUTOFILL);
        await signInAs(member.page, 'bob', 'member password');
        await member.page.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 10_000 });
        await expectAccessible(member.page);
        await member.page.getByRole('button', { name: 'Do this later' }).click();
        await member.page.getByRole('heading', { name: /Signed in as Bob/ }).waitFor();
        await expectAccessible(member.page);
        await signOutFirst(member.page);
        // Snoozed: the next sign-in goes straight in.
        await signInAs(member.page, 'bob', 'member password');
        await member.page.getByRole('heading', { name: /Signed in as Bob/ }).waitFor({ timeout: 10_000 });
        expect(await member.page.getByRole('heading', { name: 'Create a passkey' }).count()).toBe(0);
        await signOutFirst(member.page);

        // Force Passkey Setup: the password still works, but there is no skipping the passkey.
        await admin.page.getByLabel('Force Passkey Setup').check();
        await admin.page.getByRole('button', { name: 'Save settings' }).click();
        await admin.page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
        await signInAs(member.page, 'bob', 'member password');
        await member.page.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 10_000 });
        await member.page.getByText('Your organisation requires a passkey.').waitFor();
        await expectAccessible(member.page);
        expect(await member.page.getByRole('button', { name: 'Do this later' }).count()).toBe(0);
        // Going elsewhere comes back to the prompt.
        await member.page.goto(`${env.server.origin}/o/acme/settings/passkeys`);
        await member.page.getByRole('heading', { name: 'Create a passkey' }).waitFor();
        await member.page.getByRole('button', { name: 'Continue' }).click();
        await keepPasskeyName(member.page);
        await member.page
          .getByRole('heading', { name: /Passkeys|Signed in as Bob/ })
          .first()
          .waitFor();
        expect(await member.credentials()).toHaveLength(1);
        await member.page.goto(`${env.server.origin}/o/acme/settings/passkeys`);
        await member.page.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
        await expectAccessible(member.page);
        expect(await member.page.title()).not.toBe(await admin.page.title());
        await signOutFirst(member.page);

        // Passkey-only for members who have one: "Use password" is gone, and the API refuses a password.
        // Away for a while, the admin confirms it is them; what they changed meanwhile is saved with it.
        ageVerifications(env.server);
        await admin.page.getByLabel('Days before asking again after “Do this later”').fill('3');
        await admin.page.getByRole('button', { name: 'Save settings' }).click();
        await admin.page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await admin.page.getByLabel('Allow password sign-in for members who have a passkey').uncheck();
        await admin.page.getByLabel('Password', { exact: true }).fill('admin password');
        await admin.page.getByRole('button', { name: 'Confirm', exact: true }).click();
        await admin.page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
        // The pilot group and how long links last are asked the same, where they are on the page.
        const confirmedAfterAWhile = async (button: string, done: string) => {
          ageVerifications(env.server);
          await admin.page.getByRole('button', { name: button }).click();
          await admin.page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
          await admin.page.getByLabel('Password', { exact: true }).fill('admin password');
          await admin.page.getByRole('button', { name: 'Confirm', exact: true }).click();
          await admin.page.getByRole('status').filter({ hasText: done }).waitFor();
        };
        await admin.page.getByLabel('Username or email').fill('bob');
        await confirmedAfterAWhile('Add to pilot group', 'Added bob to the pilot group');
        await admin.page.getByLabel('Enrollment email link valid for (days)').fill('14');
        await confirmedAfterAWhile('Save enrollment settings', 'Enrollment settings saved');
        const enrollment = await (
          await admin.page.request.get(`${env.server.origin}/api/o/acme/admin/settings/enrollment`)
        ).json();
        expect(enrollment.linkDays).toBe(14);
        const saved = await (
          await admin.page.request.get(`${env.server.origin}/api/o/acme/admin/settings/passkeys`)
        ).json();
        expect(saved.policy).toMatchObject({ promptSnoozeDays: 3, passwordFallback: false });
        await member.page.getByLabel('Username or email').fill('bob');
        await member.page.getByRole('button', { name: 'Continue' }).click();
        await member.page.getByText('Your account is protected by a passkey.').waitFor();
        await expectAccessible(member.page);
        expect(await member.page.getByRole('button', { name: 'Use password' }).count()).toBe(0);
        const refused = await member.page.evaluate(async () => {
          const response = await fetch('/api/o/acme/sign-in/password', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ identifier: 'bob', password: 'member password' }),
          });
          return { status: response.status, body: await response.json() };
        });
        expect(refused).toMatchObject({ status: 403, body: { error: { code: 'PASSWORD_SIGN_IN_DISABLED' } } });
        await member.page.getByRole('button', { name: 'Sign in with passkey' }).click();
        await member.page.getByRole('heading', { name: /Signed in as Bob/ }).waitFor();

        // The admin, who has no passkey yet, still gets in with a password (and is asked to create one).
        await signOutFirst(admin.page);
        await signInAs(admin.page, 'ada', 'admin password');
        await admin.page.getByRole('heading', { name: 'Create a passkey' }).waitFor({ timeout: 10_000 });
        await expectAccessible(admin.page);

        // The organisation's language: French for a browser asking for none of ours (Italian here); a person
        // whose browser asks for English keeps English.
        // The admin creates the passkey they are asked for first (Force Passkey Setup).
        await admin.page.getByRole('button', { name: 'Continue' }).click();
        await keepPasskeyName(admin.page);
        await admin.page
          .getByRole('heading', { name: /Passkeys|Signed in as/ })
          .first()
          .waitFor();
        await admin.page.goto(`${env.server.origin}/o/acme/admin/settings/passkeys`);
        await admin.page.getByRole('heading', { name: 'Passkey settings', level: 1 }).waitFor();
        await admin.page.getByLabel('Default language').selectOption('fr');
        await admin.page.getByRole('button', { name: 'Save language' }).click();
        await admin.page.getByRole('status').filter({ hasText: 'Organisation language saved: Français' }).waitFor();
        await expectAccessible(admin.page);
        const italian = await env.browser.newContext({ locale: 'it-IT' });
        try {
          const page = await italian.newPage();
          await page.goto(`${env.server.origin}/o/acme/sign-in`);
          await page.getByLabel('Langue').waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
          await expectAccessible(page);
        } finally {
          await italian.close();
        }
        await member.page.goto(`${env.server.origin}/o/acme/sign-in`);
        await member.page.getByLabel('Language').waitFor();
        expect(await member.page.evaluate(() => document.documentElement.lang)).toBe('en');
      },
    );
  },
);
