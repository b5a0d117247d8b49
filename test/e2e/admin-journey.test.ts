import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import {
  ageVerifications,
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  expectFocused,
  keepPasskeyName,
  newDevice,
  signOut,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'demo';
const CODE_FORMAT = /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/;

const signedInHeading = (page: Page, name: string) => page.getByRole('heading', { name: `Signed in as ${name}` });
const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Account' });

/**
 * A device the member uses: its own browser context and authenticator, passkey autofill off so the modal flows
 * can be driven.
 */
async function memberDevice(browser: Browser): Promise<Device> {
  const device = await newDevice(browser);
  await withoutAutofill(device.page);
  return device;
}

/** Users › the user's page, the way an admin gets there. */
async function openUser(page: Page, origin: string, name: string) {
  await page.goto(`${origin}/o/${ORG}/admin/users`);
  await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await expectAccessible(page);
}

/** The row of Users for this user, once the list is loaded. */
async function userRow(page: Page, origin: string, name: string): Promise<Locator> {
  await page.goto(`${origin}/o/${ORG}/admin/users`);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await row.waitFor();
  await expectAccessible(page);
  return row;
}

/** Enroll a Passkey › Generate 9-character code: the code the admin reads out. */
async function generateCode(page: Page): Promise<string> {
  const section = page.getByRole('region', { name: 'Enroll a Passkey' });
  await section.getByRole('button', { name: 'Enroll a Passkey' }).click();
  await section.getByRole('radio', { name: 'Generate 9-character code' }).check();
  await section.getByRole('button', { name: 'Generate 9-character code' }).click();
  const code = (await section.getByTestId('enrollment-code').textContent())?.trim() ?? '';
  expect(code).toMatch(CODE_FORMAT);
  await section.getByText('Never share the code with unauthorized users.', { exact: true }).waitFor();
  await section.getByText(/^Expires in \d+ s$/).waitFor();
  // The keyboard and a screen reader go on from the code, which replaced the button pressed.
  expect(await section.getByTestId('enrollment-code').evaluate((code) => document.activeElement!.contains(code))).toBe(
    true,
  );
  await expectAccessible(page);
  return code;
}

/**
 * On the member's device: /o/demo/enroll with the code and username, then "Create a passkey", keep its name,
 * skip the password; signed in afterwards.
 */
async function enrollWithCode(
  page: Page,
  origin: string,
  code: string,
  username: string,
  name: string,
  whileCreating: () => Promise<void> = async () => {},
) {
  await page.goto(`${origin}/o/${ORG}/enroll`);
  await page.getByRole('heading', { name: 'Enroll a passkey' }).waitFor();
  await expectAccessible(page);
  await page.getByLabel('Enrollment code').fill(code);
  await page.getByLabel('Username or email').fill(username);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create a passkey' }).waitFor();
  await whileCreating();
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await keepPasskeyName(page);
  await page.getByRole('heading', { name: 'Choose a password' }).waitFor();
  await page.getByRole('button', { name: 'Skip' }).click();
  await signedInHeading(page, name).waitFor();
  await page.getByRole('status').filter({ hasText: 'Passkey created' }).waitFor();
  await expectAccessible(page);
}

describe.skipIf(!chromiumAvailable)(
  'admin console journeys: Users, Enroll a Passkey by code and by email, account recovery',
  () => {
    let smtp: TestSmtpServer;
    const env = withServerAndBrowser({
      env: async () => {
        smtp = await startSmtpServer();
        return { SMTP_URL: smtp.url, MAIL_FROM: 'Latchkey <latchkey@example.com>' };
      },
    });
    let admin: Device;
    // What the strict Content Security Policy blocked on the admin's pages: nothing, ever.
    const blocked: string[] = [];

    // The demo organisation's first admin, set up once from the link printed at first start (it works once).
    beforeAll(async () => {
      admin = await memberDevice(env.browser);
      admin.page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await completeSetup(admin.page, env.server.setupLinks[ORG]!, 'demo admin password');
    }, 60_000);

    afterEach(() => {
      expect(blocked).toEqual([]);
    });

    afterAll(async () => {
      await smtp?.stop();
    });

    it(
      'adds a user, who enrolls a passkey on their device with a 9-character code and shows as Enrolled',
      { timeout: 180_000 },
      async () => {
        const { page } = admin;
        const { origin } = env.server;

        // Users › Add user: on to the new user's page.
        await page.goto(`${origin}/o/${ORG}/admin/users`);
        await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.getByRole('heading', { name: 'Add a user' }).waitFor();
        await expectAccessible(page);
        await page.getByLabel('Username', { exact: true }).fill('bob');
        await page.getByLabel('Email', { exact: true }).fill('bob@example.com');
        await page.getByLabel('Display name', { exact: true }).fill('Bob Builder');
        await page.getByLabel('Role').selectOption('member');
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.getByRole('heading', { name: 'Bob Builder', level: 1 }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Added Bob Builder' }).waitFor();
        await expectAccessible(page);

        // Not enrolled yet: Pending, also under the Pending filter.
        let row = await userRow(page, origin, 'Bob Builder');
        expect(await row.textContent()).toContain('Pending');
        await page.getByRole('radio', { name: /^Pending/ }).check();
        await page.getByRole('row', { name: /Demo admin/ }).waitFor({ state: 'detached' });
        await page.getByRole('row', { name: /Bob Builder/ }).waitFor();

        // Enroll a Passkey › Generate 9-character code.
        await page.getByRole('link', { name: 'Bob Builder', exact: true }).click();
        await page.getByRole('heading', { name: 'Bob Builder', level: 1 }).waitFor();
        await generateCode(page);
        expect(await page.getByText(`/o/${ORG}/enroll, enter this code and their username bob.`).count()).toBe(1);

        // Bob, on his own device, from the sign-in page's link; typed without the dashes.
        const bob = await memberDevice(env.browser);
        await bob.page.goto(`${origin}/o/${ORG}/sign-in`);
        await bob.page.getByRole('link', { name: 'Have an enrollment code?' }).click();
        // A wrong code first: the error says so, and focus moves to it.
        await bob.page.getByLabel('Enrollment code').fill('ZZZZZZZZZ');
        await bob.page.getByLabel('Username or email').fill('bob');
        await bob.page.getByRole('button', { name: 'Continue' }).click();
        const wrongCode = bob.page.getByRole('alert').filter({ hasText: 'That enrollment code is not valid' });
        await expectFocused(wrongCode);
        await expectAccessible(bob.page);
        // Four more wrong entries void the code: the admin's page, still counting down, says it no longer works.
        for (let attempt = 2; attempt <= 5; attempt++) {
          const answered = bob.page.waitForResponse((r) => r.url().endsWith(`/api/o/${ORG}/enroll`));
          await bob.page.getByRole('button', { name: 'Continue' }).click();
          expect((await answered).status()).toBe(400);
        }
        const section = page.getByRole('region', { name: 'Enroll a Passkey' });
        await section
          .getByRole('alert')
          .filter({ hasText: 'This code no longer works: it was entered wrong too many times.' })
          .waitFor({ timeout: 10_000 });
        expect(await section.getByRole('timer').count()).toBe(0);
        await section.getByRole('button', { name: 'Generate a new code' }).click();
        await section.getByText(/^Expires in \d+ s$/).waitFor();
        const code = (await section.getByTestId('enrollment-code').textContent())!.trim();
        // Entered, the code has done its job: the admin's page says so, not that it expired, however long Bob takes.
        const entered = async () =>
          void (await page
            .getByRole('status')
            .filter({ hasText: 'Bob Builder entered the code and is creating a passkey.' })
            .waitFor({ timeout: 10_000 }));
        await enrollWithCode(bob.page, origin, code.replaceAll('-', '').toLowerCase(), 'bob', 'Bob Builder', entered);
        expect(await bob.credentials()).toHaveLength(1);
        // The admin's page, still showing the code, turns Enrolled by itself within seconds (#14).
        await page
          .getByRole('status')
          .filter({ hasText: 'bob has created a passkey — Enrolled' })
          .waitFor({ timeout: 10_000 });
        await expectAccessible(page);
        expect(await page.getByRole('timer').count()).toBe(0);
        // A member is not an admin.
        await bob.page.goto(`${origin}/o/${ORG}/admin/users`);
        await bob.page
          .getByRole('alert')
          .filter({ hasText: 'Only administrators of this organisation can manage its users.' })
          .waitFor();
        await expectAccessible(bob.page);

        // The admin closes the dialog and sees Bob as Enrolled on the next visit to Users.
        await page.getByRole('button', { name: 'Close' }).click();
        await accountNav(page).getByRole('link', { name: 'Users' }).click();
        row = page.getByRole('row', { name: /Bob Builder/ });
        await row.waitFor();
        expect(await row.textContent()).toContain('Enrolled');

        // The code worked once.
        const again = await memberDevice(env.browser);
        await again.page.goto(`${origin}/o/${ORG}/enroll`);
        await again.page.getByLabel('Enrollment code').fill(code);
        await again.page.getByLabel('Username or email').fill('bob');
        await again.page.getByRole('button', { name: 'Continue' }).click();
        await again.page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
        await Promise.all([bob.context.close(), again.context.close()]);
      },
    );

    it(
      'sends an enrollment email with a custom template; its link enrolls a passkey once',
      { timeout: 180_000 },
      async () => {
        const { page } = admin;
        const { origin } = env.server;
        cli(env.server, [
          'user',
          'create',
          '--org',
          ORG,
          '--username',
          'carol',
          '--email',
          'carol@example.com',
          '--display-name',
          'Carol',
        ]);

        // Email templates › New template: refused without {{link}}, then previewed and saved.
        await accountNav(page).getByRole('link', { name: 'Email templates' }).click();
        await page.getByRole('heading', { name: 'Email templates', level: 1 }).waitFor();
        // The built-in template is in the organisation's language, whatever the page's: it says so.
        await page.getByText("Members get it in English, the organisation's language.", { exact: false }).waitFor();
        await page.getByLabel('Language').selectOption('de');
        await page.getByText('Auf Englisch, der Sprache der Organisation', { exact: false }).waitFor();
        await page.getByLabel('Sprache').selectOption('en');
        await page.getByRole('button', { name: 'New template' }).click();
        await page.getByLabel('Template name').fill('Welcome');
        await page.getByLabel('Subject').fill('Welcome to {{organisation}}, {{name}}');
        await page.getByLabel('Body').fill('Hello {{name}}, create your passkey.');
        await page.getByRole('button', { name: 'Save template' }).click();
        await page.getByRole('alert').filter({ hasText: '{{link}}' }).waitFor();
        await page
          .getByLabel('Body')
          .fill('Hello {{name}},\n\nCreate your passkey here: {{link}}\n\nYour username is {{username}}.');
        await page.getByRole('button', { name: 'Preview' }).click();
        await page
          .getByRole('region', { name: 'Preview' })
          .getByText(/Welcome to Demo, /)
          .waitFor();
        // A template carries members' one-time links: an admin away for over 5 minutes confirms it is them, then
        // the template is saved without being typed again; making it the default asks the same.
        ageVerifications(env.server);
        await page.getByRole('button', { name: 'Save template' }).click();
        await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('status').filter({ hasText: 'Saved Welcome' }).waitFor();
        ageVerifications(env.server);
        await page.getByRole('button', { name: 'Make default: Welcome' }).click();
        await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await page.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('status').filter({ hasText: 'Welcome is now the default template' }).waitFor();
        // Back to the built-in default (confirmed a moment ago: not asked again), as the journey goes on with it.
        await page.getByRole('button', { name: 'Make default: Built-in: Set up your passkey' }).click();
        await page
          .getByRole('status')
          .filter({ hasText: 'Built-in: Set up your passkey is now the default template' })
          .waitFor();

        // Carol's page › Enroll a Passkey › Send enrollment email, with that template.
        await page.goto(`${origin}/o/${ORG}/admin/users`);
        await page.getByLabel('Search users').fill('carol');
        await page.getByRole('row', { name: /Carol/ }).waitFor();
        await page.getByRole('link', { name: 'Carol', exact: true }).click();
        await page.getByRole('heading', { name: 'Carol', level: 1 }).waitFor();
        await expectAccessible(page);
        const section = page.getByRole('region', { name: 'Enroll a Passkey' });
        await section.getByRole('button', { name: 'Enroll a Passkey' }).click();
        await section.getByRole('radio', { name: 'Send enrollment email' }).check();
        const template = section.getByLabel('Email template');
        await template.locator('option', { hasText: 'Welcome' }).waitFor({ state: 'attached' });
        await template.selectOption({ label: 'Welcome' });
        await section.getByRole('button', { name: 'Proceed & send email' }).click();
        await section
          .getByRole('status')
          .filter({ hasText: /Enrollment email (queued for|sent to) carol@example.com/ })
          .waitFor();
        const said = section.getByRole('status').filter({ hasText: /Enrollment email (queued for|sent to)/ });
        expect(await said.evaluate((status) => document.activeElement!.contains(status))).toBe(true);
        await expectAccessible(page);

        // The outbox sends it within seconds; the page shows it Sent.
        const mail = await smtp.nextMessage(15_000);
        expect(mail.to).toContain('carol@example.com');
        expect(mail.subject).toBe('Welcome to Demo, Carol');
        expect(mail.text).toContain('Your username is carol.');
        const link = /http:\/\/localhost:\d+\/o\/demo\/setup#token=\S+/.exec(mail.text)?.[0];
        expect(link).toBeDefined();
        await section
          .getByRole('status')
          .filter({ hasText: 'Enrollment email sent to carol@example.com' })
          .waitFor({ timeout: 15_000 });
        await page.getByRole('list', { name: 'Emails' }).getByText('Sent', { exact: true }).waitFor();
        await expectAccessible(page);

        // Carol opens the link on her device and creates a passkey.
        const carol = await memberDevice(env.browser);
        await carol.page.goto(link!);
        await carol.page.getByRole('heading', { name: 'Set up your account' }).waitFor();
        await carol.page.getByRole('button', { name: 'Get started' }).click();
        await carol.page.getByRole('button', { name: 'Create a passkey' }).click();
        await keepPasskeyName(carol.page);
        // The organisation allows passwords: the email link offers one as a backup, as every enrollment does.
        await carol.page.getByRole('heading', { name: 'Choose a password' }).waitFor();
        await expectAccessible(carol.page);
        await carol.page.getByRole('button', { name: 'Skip' }).click();
        await carol.page.getByText("You're all set").waitFor();
        expect(await carol.credentials()).toHaveLength(1);

        // The same link again, on another device: no longer valid.
        const other = await memberDevice(env.browser);
        await other.page.goto(link!);
        await other.page.getByRole('button', { name: 'Get started' }).click();
        await other.page
          .getByRole('alert')
          .filter({ hasText: /not valid|no longer valid/ })
          .waitFor();
        expect(await other.page.getByRole('button', { name: 'Create a passkey' }).count()).toBe(0);

        const row = await userRow(page, origin, 'Carol');
        expect(await row.textContent()).toContain('Enrolled');
        await Promise.all([carol.context.close(), other.context.close()]);
      },
    );

    it(
      'recovers a member who lost their device: old passkey refused, new device enrolled with a code',
      { timeout: 180_000 },
      async () => {
        const { page } = admin;
        const { origin } = env.server;
        cli(env.server, ['user', 'create', '--org', ORG, '--username', 'dave', '--display-name', 'Dave']);

        // Dave enrolls his first passkey, on the device he will lose.
        await openUser(page, origin, 'Dave');
        const first = await generateCode(page);
        const lost = await memberDevice(env.browser);
        await enrollWithCode(lost.page, origin, first, 'dave', 'Dave');
        expect(await lost.credentials()).toHaveLength(1);
        await page.getByRole('button', { name: 'Close' }).click();

        // Lost or replaced device › Recover account: all passkeys, a new code.
        await page.reload();
        await page.getByRole('heading', { name: 'Dave', level: 1 }).waitFor();
        await page.getByRole('list', { name: 'Passkeys of Dave' }).waitFor();
        const recovery = page.getByRole('region', { name: 'Lost or replaced device' });
        await recovery.getByText("An employee lost their device and can't get into the app").waitFor();
        await recovery.getByRole('button', { name: 'Recover account' }).click();
        expect(await recovery.getByLabel('All passkeys').isChecked()).toBe(true);
        await expectAccessible(page);
        await recovery.getByRole('radio', { name: 'Generate 9-character code' }).check();
        // The admin last proved it was them over 5 minutes ago (as if they had been away): the server asks again.
        ageVerifications(env.server);
        await recovery.getByRole('button', { name: 'Recover account' }).click();
        await recovery.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await expectFocused(recovery.getByRole('heading', { name: "Confirm it's you" }));
        await expectAccessible(page);
        await recovery.getByRole('button', { name: 'Confirm with passkey' }).click();
        await recovery
          .getByRole('status')
          .filter({ hasText: 'Removed 1 passkey and signed Dave out everywhere.' })
          .waitFor();
        const code = (await recovery.getByTestId('enrollment-code').textContent())?.trim() ?? '';
        expect(code).toMatch(CODE_FORMAT);
        await recovery.getByText('Never share the code with unauthorized users.', { exact: true }).waitFor();
        await page.getByText('Dave has no passkeys yet.').waitFor();
        await expectAccessible(page);

        // The old device is signed out, and its passkey no longer signs in.
        await lost.page.goto(`${origin}/o/${ORG}/`);
        await lost.page.getByLabel('Username or email').waitFor();
        await lost.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
        await lost.page.getByRole('alert').filter({ hasText: 'not registered' }).waitFor();

        // Dave enrolls a new passkey on his new device with the code, and signs in with it.
        const replacement = await memberDevice(env.browser);
        await enrollWithCode(replacement.page, origin, code, 'dave', 'Dave');
        expect(await replacement.credentials()).toHaveLength(1);
        await signOut(replacement.page);
        await replacement.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
        await signedInHeading(replacement.page, 'Dave').waitFor();

        const row = await userRow(page, origin, 'Dave');
        expect(await row.textContent()).toContain('Enrolled');

        // Dave's page › All activity: the recovery and both enrollments, newest first; exported as CSV.
        await openUser(page, origin, 'Dave');
        await page.getByRole('link', { name: 'All activity' }).click();
        await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
        const events = page.getByRole('table');
        await events.getByRole('cell', { name: 'Account recovery' }).waitFor();
        expect(await events.getByRole('cell', { name: 'Enrollment code redeemed' }).count()).toBe(2);
        // The Type filter lists the events by the names it shows, in order.
        const types = (await page.getByLabel('Type').locator('option').allTextContents()).slice(1);
        expect(types).toEqual([...types].sort((a, b) => a.localeCompare(b, 'en')));
        await expectAccessible(page);
        const download = page.waitForEvent('download');
        await page.getByRole('link', { name: 'Export CSV' }).click();
        const csv = fs.readFileSync((await (await download).path())!, 'utf8');
        expect(csv).toContain('recovery.started');
        expect(csv).not.toContain('bob');

        // Passkey adoption: everyone set up in these journeys has a passkey.
        const adoption = page.getByRole('region', { name: 'Passkey adoption' });
        await adoption.getByText('4 of 4 members enrolled (100 %)').waitFor();
        await adoption.getByRole('img', { name: 'Members enrolled over time, in percent' }).waitFor();

        // Deleting a passkey too: "Confirm it's you" is asked on the page once the dialog has closed, and the
        // refusal that follows (Dave's only way in) is shown there, not behind the dialog.
        await openUser(page, origin, 'Dave');
        const davesPasskeys = page.getByRole('list', { name: 'Passkeys of Dave' });
        ageVerifications(env.server);
        await davesPasskeys.getByRole('button', { name: /^Delete / }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Delete passkey' }).click();
        const passkeysSection = page.getByRole('region', { name: 'Passkeys', exact: true });
        await passkeysSection.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        expect(await page.getByRole('dialog').count()).toBe(0);
        await expectFocused(passkeysSection.getByRole('heading', { name: "Confirm it's you" }));
        await passkeysSection.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('alert').filter({ hasText: "This is Dave's only way to sign in." }).waitFor();
        expect(await davesPasskeys.getByRole('listitem').count()).toBe(1);
        await expectAccessible(page);

        // Signing Dave out everywhere is destructive: an admin away for over 5 minutes confirms it is them first.
        await openUser(page, origin, 'Dave');
        const sessions = page.getByRole('region', { name: 'Sessions', exact: true });
        ageVerifications(env.server);
        await sessions.getByRole('button', { name: 'Sign out everywhere' }).click();
        await sessions.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await sessions.getByRole('button', { name: 'Confirm with passkey' }).click();
        await sessions
          .getByRole('status')
          .filter({ hasText: /^Signed out of \d+ sessions?$/ })
          .waitFor();
        await page.getByText('Dave is not signed in anywhere.').waitFor();
        await expectAccessible(page);
        await Promise.all([lost.context.close(), replacement.context.close()]);
      },
    );
  },
);
