/**
 * Sign-in cost through the whole HTTP stack (app.inject, no network), one request at a time, on
 * each database. Run: npm run bench. Prints a table; asserts nothing about time.
 */
import { describe, it } from 'vitest';
import { DIALECTS } from '../test/support/databases.js';
import { createHarness } from '../test/support/harness.js';
import { measure } from './measure.js';

describe('sign-in benchmarks', () => {
  it.each(DIALECTS)('%s', async (dialect) => {
    const h = await createHarness(dialect, {
      PASSWORD_ATTEMPTS_PER_ACCOUNT: '10000',
      PASSWORD_ATTEMPTS_PER_IP: '1000000',
      API_REQUESTS_PER_MINUTE: '1000000',
    });
    try {
      const org = await h.org();
      await h.user({ org, username: 'ada', password: 'correct horse battery' });
      const browser = h.browser();
      await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
      await browser.addPasskey('acme');
      const ok = (result: { status: number; body: unknown }) => {
        if (result.status !== 200) throw new Error(JSON.stringify(result.body));
      };
      const rows = [
        await measure('passkey sign-in (options + verify + new session)', 3, async () =>
          ok(await browser.signInWithPasskey('acme')),
        ),
        await measure('password sign-in (argon2id 19 MiB, t=2, p=1)', 3, async () =>
          ok(await browser.signInWithPassword('acme', 'ada', 'correct horse battery')),
        ),
        await measure('GET /me with a session cookie', 2, async () => ok(await browser.get('/api/o/acme/me'))),
      ];
      console.log(`\nSign-in on ${dialect} (${new Date().toISOString()}, node ${process.version})`);
      console.table(rows);
    } finally {
      await h.close();
    }
  });
});
