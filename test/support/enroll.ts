import { createSetupLink } from '../../src/enrollment/setup-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import type { Browser, Harness } from './harness.js';

/** Signs a user in through a fresh one-time setup link, as a new member would. */
export async function redeemSetupLink(h: Harness, org: Organisation, user: User, browser: Browser = h.browser()) {
  const link = await createSetupLink(h.deps, { org, user, createdBy: null });
  const result = await browser.post(`/api/o/${org.slug}/setup`, {
    token: new URL(link.url).hash.slice('#token='.length),
  });
  if (result.status !== 200) throw new Error(`setup link refused: ${JSON.stringify(result.body)}`);
  return { browser, result };
}
