/**
 * A shared computer: the app asks which account (prompt=select_account) while another member signs in in another
 * tab. The answer on the first tab is not given for the new member, and nothing goes on to the app by itself.
 */
import { describe, expect, it } from 'vitest';
import { claimShown, startExampleApp } from './example-app.js';
import { chromiumAvailable, cli, signInWithPassword, withServerAndBrowser, withoutAutofill } from './support.js';

describe.skipIf(!chromiumAvailable)('another member signs in while the app asks which account, in Chromium', () => {
  const env = withServerAndBrowser();

  it(
    '"Continue as Cara" is refused once Dan signed in; the page asks to continue as Dan',
    { timeout: 120_000 },
    async () => {
      const { origin } = env.server;
      const app = await startExampleApp(env.server);
      try {
        for (const username of ['cara', 'dan'])
          cli(
            env.server,
            ['user', 'create', '--org', 'demo', '--username', username, '--password-stdin'],
            `${username} has a password\n`,
          );
        const context = await env.browser.newContext();
        const [page, other] = [await context.newPage(), await context.newPage()];
        await Promise.all([withoutAutofill(page), withoutAutofill(other)]);
        await signInWithPassword(page, { origin, org: 'demo', username: 'cara', password: 'cara has a password' });
        await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
        await page.goto(app.origin);
        await page.getByRole('link', { name: 'Sign in with Latchkey' }).click();
        await page.getByRole('heading', { name: 'Signed in' }).waitFor();
        expect(await claimShown(page, 'preferred_username')).toBe('cara');

        await page.getByRole('link', { name: 'Switch account' }).click();
        await page.getByRole('button', { name: 'Continue as cara' }).waitFor();
        await signInWithPassword(other, { origin, org: 'demo', username: 'dan', password: 'dan has a password' });
        await other.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
        await page.getByRole('button', { name: 'Continue as cara' }).click();
        await page.getByRole('alert').filter({ hasText: 'Someone else signed in on this browser' }).waitFor();
        await page.getByRole('button', { name: 'Continue as dan' }).waitFor();
        expect(new URL(page.url()).origin).toBe(origin);
        await page.getByRole('button', { name: 'Continue as dan' }).click();
        await page.waitForURL(`${app.origin}/`);
        expect(await claimShown(page, 'preferred_username')).toBe('dan');
        await context.close();
      } finally {
        app.close();
      }
    },
  );
});
