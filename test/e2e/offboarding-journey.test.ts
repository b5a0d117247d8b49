/**
 * Issue #14 in a real browser: an admin edits, disables, enables and deletes a user (her open session ends at
 * once); the operator onboards an organisation with its first admin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ageVerifications,
  chromiumAvailable,
  cli,
  completeSetup,
  expectAccessible,
  expectStackedOnPhone,
  expectFocused,
  keepPasskeyName,
  newDevice,
  signInWithPassword,
  withoutAutofill,
  withServerAndBrowser,
  type Device,
} from './support.js';

const ORG = 'demo';

/** Signed in: past the optional "Create a passkey" prompt with "Do this later". */
async function signedIn(page: Page, name: RegExp) {
  const heading = page.getByRole('heading', { name });
  const later = page.getByRole('button', { name: 'Do this later' });
  await heading.or(later).first().waitFor();
  if (await later.isVisible()) await later.click();
  await heading.waitFor();
}

describe.skipIf(!chromiumAvailable)(
  'member lifecycle: offboarding (edit, disable, enable, delete) and onboarding a new organisation',
  () => {
    const env = withServerAndBrowser();
    let admin: Device;

    beforeAll(async () => {
      admin = await newDevice(env.browser);
      await withoutAutofill(admin.page);
      await completeSetup(admin.page, env.server.setupLinks[ORG]!, 'demo admin password');
    }, 60_000);

    it(
      'disables a member, whose open session is refused at once, then enables and deletes them',
      { timeout: 180_000 },
      async () => {
        const { page } = admin;
        const { origin } = env.server;
        cli(
          env.server,
          ['user', 'create', '--org', ORG, '--username', 'erin', '--display-name', 'Erin', '--password-stdin'],
          'erin password\n',
        );
        const erin = await newDevice(env.browser);
        await withoutAutofill(erin.page);
        await signInWithPassword(erin.page, { origin, org: ORG, username: 'erin', password: 'erin password' });
        await signedIn(erin.page, /Signed in as Erin/);

        // Users › Erin › Manage account › Edit profile.
        await page.goto(`${origin}/o/${ORG}/admin/users`);
        await page.getByRole('link', { name: 'Erin', exact: true }).click();
        await page.getByRole('heading', { name: 'Erin', level: 1 }).waitFor();
        // Pending: the page offers Enroll a Passkey; Erin has no passkey yet.
        await page
          .getByRole('region', { name: 'Enroll a Passkey' })
          .getByRole('button', { name: 'Enroll a Passkey' })
          .waitFor();
        await expectAccessible(page);
        const manage = page.getByRole('region', { name: 'Manage account' });
        await manage.getByRole('button', { name: 'Edit profile' }).click();
        await manage.getByRole('heading', { name: 'Edit profile' }).waitFor();
        await expectAccessible(page);
        await manage.getByLabel('Display name').fill('Erin Example');
        await manage.getByLabel('Email').fill('erin@example.com');
        // A new address is where Erin's enrollment and recovery links go: an admin away for over 5 minutes confirms
        // it is them, then the profile is saved as it was filled in.
        ageVerifications(env.server);
        await manage.getByRole('button', { name: 'Save profile' }).click();
        await manage.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await manage.getByRole('button', { name: 'Confirm with passkey' }).click();
        await manage.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
        await page.getByRole('heading', { name: 'Erin Example', level: 1 }).waitFor();
        await expectAccessible(page);

        // Escape closes a panel as its Cancel does, the keyboard back on the section's heading.
        const manageHeading = manage.getByRole('heading', { name: 'Manage account' });
        for (const action of ['Edit profile', 'Disable account', 'Delete user']) {
          await manage.getByRole('button', { name: action }).click();
          // The panel is open once its own heading has the focus (not the button just clicked): Escape then.
          await expect
            .poll(() =>
              manageHeading.evaluate(
                (h) => /^H[1-6]$/.test(document.activeElement!.tagName) && h !== document.activeElement,
              ),
            )
            .toBe(true);
          await page.keyboard.press('Escape');
          await expectFocused(manageHeading);
          await manage.getByRole('button', { name: 'Edit profile' }).waitFor();
        }

        // Disable account: destructive, so an admin away for over 5 minutes confirms it is them first.
        ageVerifications(env.server);
        await manage.getByRole('button', { name: 'Disable account' }).click();
        await manage.getByRole('button', { name: 'Disable account' }).click();
        const confirmItsYou = manage.getByRole('heading', { name: "Confirm it's you" });
        await confirmItsYou.waitFor();
        await expectAccessible(page);
        // Escape there is its Cancel too: nothing disabled, the panel asking to disable still open.
        await page.keyboard.press('Escape');
        await confirmItsYou.waitFor({ state: 'detached' });
        await manage.getByRole('button', { name: 'Disable account' }).click();
        await confirmItsYou.waitFor();
        await manage.getByRole('button', { name: 'Confirm with passkey' }).click();
        await manage
          .getByRole('status')
          .filter({ hasText: /account is disabled: signed out everywhere/ })
          .waitFor();
        await page.getByText('Disabled', { exact: false }).first().waitFor();
        // Said once: the note a disabled account's page shows waits until that status has gone.
        expect(await manage.getByText(/account is disabled/).count()).toBe(1);
        await expectAccessible(page);

        // Erin's open session is refused at once, and so is her password.
        await erin.page.reload();
        await erin.page.getByLabel('Username or email').waitFor();
        // The sign-in page says why she is there.
        await erin.page.getByRole('status').filter({ hasText: "You're signed out. Sign in to continue" }).waitFor();
        await signInWithPassword(erin.page, { origin, org: ORG, username: 'erin', password: 'erin password' });
        await erin.page
          .getByRole('alert')
          .filter({ hasText: 'Your account is disabled. Contact your administrator.' })
          .waitFor();

        // Enable account: she signs in again.
        await manage.getByRole('button', { name: 'Enable account' }).click();
        await manage.getByRole('status').filter({ hasText: 'account is enabled' }).waitFor();
        await expectAccessible(page);
        await signInWithPassword(erin.page, { origin, org: ORG, username: 'erin', password: 'erin password' });
        await signedIn(erin.page, /Signed in as Erin Example/);

        // Delete user, after typing the username.
        await manage.getByRole('button', { name: 'Delete user' }).click();
        const confirm = manage.getByRole('button', { name: 'Delete user' });
        expect(await confirm.isDisabled()).toBe(true);
        await expectAccessible(page);
        await manage.getByLabel('Type erin to confirm').fill('erin');
        await confirm.click();
        await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Deleted erin' }).waitFor();
        await expectAccessible(page);
        expect(await page.getByRole('link', { name: 'Erin Example', exact: true }).count()).toBe(0);
        // The confirmation is about that action: the next one clears it.
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.getByRole('status').filter({ hasText: 'Deleted erin' }).waitFor({ state: 'detached' });
        // Erin's successor as an admin: a way into the console once they enroll, so an admin away for over 5 minutes
        // confirms it is them first, then the user is added as filled in.
        await page.getByLabel('Username', { exact: true }).fill('fay');
        await page.getByLabel('Display name', { exact: true }).fill('Fay Admin');
        await page.getByLabel('Role').selectOption('admin');
        ageVerifications(env.server);
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('heading', { name: 'Fay Admin', level: 1 }).waitFor();

        // The admin's own page: Enrolled, so no Enroll a Passkey button but the way to add a device;
        // no Disable or Delete.
        await page.goto(`${origin}/o/${ORG}/admin/users`);
        await page.getByRole('link', { name: 'Demo admin', exact: true }).click();
        await page.getByRole('heading', { name: 'Demo admin', level: 1 }).waitFor();
        const enroll = page.getByRole('region', { name: 'Enroll a Passkey' });
        await enroll
          .getByText(/is Enrolled: they already have a passkey.*Recover account.*Sign in to another device/)
          .waitFor();
        expect(await enroll.getByRole('button').count()).toBe(0);
        await manage.getByText('This is your own account').waitFor();
        expect(await manage.getByRole('button', { name: /Disable account|Delete user/ }).count()).toBe(0);
        // Nor Recover account, which the server refuses for one's own account.
        const recover = page.getByRole('region', { name: 'Lost or replaced device' });
        await recover.getByText('This is your own account: another administrator recovers it').waitFor();
        expect(await recover.getByRole('button', { name: 'Recover account' }).count()).toBe(0);
        await expectAccessible(page);
        await erin.page.reload();
        await erin.page.getByLabel('Username or email').waitFor();
        await erin.context.close();
      },
    );
    it(
      'operator: Create organisation with its first admin, who enters from the setup link; ' +
        'Add administrator to one without; both ask "Confirm it\'s you" once the last verification is old',
      { timeout: 180_000 },
      async () => {
        const { origin } = env.server;
        const operator = await newDevice(env.browser);
        await withoutAutofill(operator.page);
        await completeSetup(operator.page, env.server.setupLinks.platform!, 'operator password');
        const page = operator.page;
        await page.goto(`${origin}/platform`);
        await page.getByRole('heading', { name: 'Organisations' }).waitFor();
        // On a phone each organisation is a card: its switch and "Add administrator" in sight.
        await page.setViewportSize({ width: 390, height: 844 });
        const organisations = page.getByRole('table', {
          name: 'Organisations and whether passkeys are available to them',
        });
        await expectStackedOnPhone(organisations);
        const addAdmin = await organisations
          .getByRole('button', { name: /^Add administrator/ })
          .first()
          .boundingBox();
        expect(addAdmin!.x + addAdmin!.width).toBeLessThanOrEqual(390);
        await page.setViewportSize({ width: 1280, height: 720 });
        await page.getByLabel('Organisation name').fill('Initech');
        await page.getByLabel("Admin's username").first().fill('peter');
        await page.getByLabel("Admin's email").first().fill('peter@initech.example');
        await page.getByRole('button', { name: 'Create organisation' }).click();
        await page.getByRole('status').filter({ hasText: 'Created Initech' }).waitFor();
        const handover = page.getByRole('group', { name: 'Setup link for peter' });
        await expectFocused(handover);
        const link = await handover.getByRole('textbox', { name: 'Setup link' }).inputValue();
        expect(link).toMatch(/\/o\/initech\/setup#token=/);
        // Copying says what happened: copied, or (no clipboard here) selected to copy by hand.
        await handover.getByRole('button', { name: 'Copy link' }).click();
        await handover
          .getByRole('status')
          .filter({ hasText: /Link copied|copy/i })
          .waitFor();
        await handover.getByRole('button', { name: 'Done' }).click();
        expect(await page.getByRole('group', { name: 'Setup link for peter' }).count()).toBe(0);

        // Peter opens the link: no shell commands, and he is in his organisation's console.
        const peter = await newDevice(env.browser);
        await withoutAutofill(peter.page);
        await peter.page.goto(link);
        await peter.page.getByRole('button', { name: 'Get started' }).click();
        const password = peter.page.getByLabel('New password');
        const passkey = peter.page.getByRole('button', { name: 'Create a passkey' });
        await password.or(passkey).first().waitFor();
        if (await passkey.isVisible()) {
          await passkey.click();
          await keepPasskeyName(peter.page);
        }
        await password.fill('peter password');
        await peter.page.getByRole('button', { name: 'Save password' }).click();
        await peter.page.getByText("You're all set").waitFor();
        await peter.page.goto(`${origin}/o/initech/admin/users`);
        await peter.page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
        await peter.page.getByRole('row', { name: /peter/ }).waitFor();
        await expectAccessible(peter.page);

        // An organisation made without an admin is flagged, and Add administrator fixes it. The operator was away
        // for a while: each asks "Confirm it's you" first, in the form it was asked from, then goes ahead.
        ageVerifications(env.server);
        await page.getByLabel('Organisation name').fill('Hooli');
        await page.getByRole('button', { name: 'Create organisation' }).click();
        const create = page.getByRole('region', { name: 'Create organisation' });
        await expectFocused(create.getByRole('heading', { name: "Confirm it's you" }));
        await create.getByText("For your security, confirm it's you before creating an organisation.").waitFor();
        expect(await page.getByRole('row', { name: /Hooli/ }).count()).toBe(0);
        await expectAccessible(page);
        await create.getByRole('button', { name: 'Confirm with passkey' }).click();
        await page.getByRole('status').filter({ hasText: 'Created Hooli' }).waitFor();
        expect(await page.getByRole('heading', { name: "Confirm it's you" }).count()).toBe(0);
        const row = page.getByRole('row', { name: /Hooli/ });
        await row.getByText('No administrator').waitFor();
        ageVerifications(env.server);
        await row.getByRole('button', { name: 'Add administrator to Hooli' }).click();
        const form = page.getByRole('region', { name: 'Add administrator to Hooli' });
        await form.getByLabel("Admin's username").fill('gavin');
        await form.getByRole('button', { name: 'Add administrator' }).click();
        await expectFocused(form.getByRole('heading', { name: "Confirm it's you" }));
        await form.getByText("For your security, confirm it's you before adding an administrator.").waitFor();
        await expectAccessible(page);
        await form.getByLabel('Password', { exact: true }).fill('operator password');
        await form.getByRole('button', { name: 'Confirm', exact: true }).click();
        expect(await form.getByRole('textbox', { name: 'Setup link' }).inputValue()).toMatch(
          /\/o\/hooli\/setup#token=/,
        );
        await row.getByText('No administrator').waitFor({ state: 'detached' });
        await Promise.all([operator.context.close(), peter.context.close()]);
      },
    );
  },
);
