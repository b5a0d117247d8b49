/**
 * The admin console's footer links to the technical FAQ for IT & Information Security teams (served from
 * docs/it-security-faq.md); a member's pages do not.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, cli, completeSetup, newDevice, withServerAndBrowser, withoutAutofill } from './support.js';

const FAQ = fs.readFileSync(new URL('../../docs/it-security-faq.md', import.meta.url), 'utf8');

describe.skipIf(!chromiumAvailable)('the IT & security FAQ in the footer, in Chromium', () => {
  const env = withServerAndBrowser();

  it('an admin sees the footer link and it opens the FAQ; a member does not see it', { timeout: 90_000 }, async () => {
    const { origin } = env.server;
    const admin = await newDevice(env.browser);
    await completeSetup(admin.page, env.server.setupLinks.demo!, 'demo admin password');
    await admin.page.goto(`${origin}/o/demo/`);
    const footer = admin.page.getByRole('contentinfo');
    const link = footer.getByRole('link', { name: 'Technical FAQ for IT & Information Security teams' });
    await link.waitFor();
    await link.click();
    await admin.page.waitForURL(`${origin}/docs/it-security-faq`);
    expect((await admin.page.locator('body').innerText()).trimEnd()).toBe(FAQ.trimEnd());

    cli(
      env.server,
      ['user', 'create', '--org', 'demo', '--username', 'mia', '--display-name', 'Mia', '--password-stdin'],
      'mia password 1\n',
    );
    const member = await newDevice(env.browser);
    await withoutAutofill(member.page);
    await member.page.goto(`${origin}/o/demo/sign-in`);
    await member.page.getByLabel('Username or email').fill('mia');
    await member.page.getByRole('button', { name: 'Continue' }).click();
    await member.page.getByLabel('Password', { exact: true }).fill('mia password 1');
    await member.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The organisation offers passkeys: Mia is asked to create one first.
    await member.page.getByRole('button', { name: 'Do this later' }).click();
    await member.page.getByRole('heading', { name: 'Signed in as Mia' }).waitFor();
    const memberFooter = member.page.getByRole('contentinfo');
    await memberFooter.getByRole('combobox').waitFor();
    expect(await memberFooter.getByRole('link', { name: /FAQ/ }).count()).toBe(0);
    await Promise.all([admin.context.close(), member.context.close()]);
  });
});
