import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, expectAccessible, newDevice, withServerAndBrowser } from './support.js';

/** Every request the page makes from now on, with the encoding its answer came in. */
function record(page: Page) {
  const seen: Array<{ type: string; url: string; encoding: Promise<string | undefined> }> = [];
  page.on('request', (request: Request) =>
    seen.push({
      type: request.resourceType(),
      url: request.url(),
      encoding: request.response().then((r) => r?.headers()['content-encoding']),
    }),
  );
  return seen;
}

describe.skipIf(!chromiumAvailable)('delivering the sign-in page', () => {
  const env = withServerAndBrowser();

  it(
    'loads one document, one script and one style, brotli-compressed, with no admin code; other pages load when opened',
    { timeout: 120_000 },
    async () => {
      const { page } = await newDevice(env.browser);
      const requests = record(page);
      await page.goto(`${env.server.origin}/o/demo/sign-in`);
      await page.getByRole('heading', { name: 'Sign in to Demo', level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');

      const of = (type: string) => requests.filter((r) => r.type === type);
      expect(of('document').map((r) => new URL(r.url).pathname)).toEqual(['/o/demo/sign-in']);
      expect(of('script'), JSON.stringify(of('script'))).toHaveLength(1);
      expect(of('script')[0]!.url).toMatch(/\/assets\/index-[\w-]+\.js$/);
      expect(of('stylesheet')).toHaveLength(1);
      // Nothing else but the page's API calls.
      const others = requests.filter((r) => !['document', 'script', 'stylesheet'].includes(r.type));
      expect(
        others.every((r) => /^\/api\/o\/demo(\/|$)/.test(new URL(r.url).pathname)),
        JSON.stringify(others),
      ).toBe(true);
      expect(requests.some((r) => /Admin|Activity|Platform|OrgSettings/.test(r.url))).toBe(false);
      for (const r of [...of('document'), ...of('script'), ...of('stylesheet')])
        expect(await r.encoding, r.url).toBe('br');

      // Another page's code arrives when it is opened, and the page works.
      const before = requests.length;
      await page.goto(`${env.server.origin}/o/demo/enroll`);
      await page.getByRole('heading', { name: 'Enroll a passkey', level: 1 }).waitFor();
      await expectAccessible(page);
      const scripts = requests.slice(before).filter((r) => r.type === 'script');
      expect(scripts.some((r) => /\/assets\/EnrollPage-[\w-]+\.js$/.test(r.url))).toBe(true);
    },
  );

  it(
    'sends a person who opened the loopback address to PUBLIC_URL, where passkeys work',
    { timeout: 60_000 },
    async () => {
      const { page } = await newDevice(env.browser);
      const port = new URL(env.server.origin).port;
      await page.goto(`http://127.0.0.1:${port}/o/demo/sign-in?next=%2Fo%2Fdemo%2F`);
      await page.getByRole('heading', { name: 'Sign in to Demo', level: 1 }).waitFor();
      expect(page.url()).toBe(`${env.server.origin}/o/demo/sign-in?next=%2Fo%2Fdemo%2F`);
      await expectAccessible(page);
    },
  );
});
