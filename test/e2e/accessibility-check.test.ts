/**
 * The automatic axe-core check (./accessibility.ts) itself: a page with a violation, reached by a load or by a
 * single-page app's route change, stops the journey at its next action.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, newDevice } from './support.js';

const PAGE = (body: string) =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title></head>' +
  `<body><main><h1>Check</h1>${body}</main></body></html>`;
const PAGES: Record<string, string> = {
  '/good': PAGE('<p>Fine.</p><a href="/bad">Next</a>'),
  // An image with no text alternative: WCAG 1.1.1.
  '/bad': PAGE('<img src="/pixel.png">'),
  // A route change without a load, as the web's router does, that shows an unlabelled field: WCAG 4.1.2.
  '/app': PAGE(
    `<button id="go">Go</button><script>document.getElementById('go').onclick = () => {
      history.pushState({}, '', '/app/next'); document.querySelector('main').innerHTML += '<input type="text">';
    };</script>`,
  ),
  // Wider than any window: the page scrolls sideways (WCAG 1.4.10).
  '/wide': PAGE('<p style="width: 3000px">Wide.</p>'),
  // A table in its own sideways-scrolling box, whose address does not wrap: on a desktop its last column is hidden.
  '/table': PAGE(
    `<div style="overflow-x: auto"><table><caption>Apps</caption><tr><th scope="col">Address</th>
      <th scope="col">Actions</th></tr><tr><td>https://${'a'.repeat(300)}.example/callback</td>
      <td><button>Delete</button></td></tr></table></div>`,
  ),
};

describe.skipIf(!chromiumAvailable)('axe-core on every page a journey visits', () => {
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const page = PAGES[request.url!.split('?')[0]!] ?? PAGES['/good']!;
      response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('lets a journey through accessible pages', async () => {
    const { page, context } = await newDevice(browser);
    await page.goto(`${origin}/good`);
    await page.getByRole('heading', { name: 'Check' }).waitFor();
    await page.goto(`${origin}/good?again`);
    await context.close();
  });

  it('fails the next action after a page with a violation loads', async () => {
    const { page, context } = await newDevice(browser);
    await page.goto(`${origin}/good`);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(`${origin}/bad`);
    await expect(page.goto(`${origin}/good`)).rejects.toThrow(/\/bad fails WCAG 2\.2 AA:[\s\S]*image-alt/);
    await context.close();
  });

  it('fails a page that scrolls sideways, and a desktop page whose table hides columns', async () => {
    const { page, context } = await newDevice(browser, { viewport: { width: 1280, height: 800 } });
    await page.goto(`${origin}/wide`);
    await expect(page.goto(`${origin}/good`)).rejects.toThrow(/\/wide scrolls sideways: \d+ px wide in a 1280 px/);
    await page.goto(`${origin}/table`);
    await expect(page.goto(`${origin}/good`)).rejects.toThrow(/\/table hides columns of the table "Apps"/);
    // On a phone a table may scroll in its box; the page itself may not.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/table`);
    await page.goto(`${origin}/good`);
    await context.close();
  });

  it('fails the next action after a route change without a load shows a violation', async () => {
    const { page, context } = await newDevice(browser);
    await page.goto(`${origin}/app`);
    await page.getByRole('button', { name: 'Go' }).click();
    await page.waitForURL(`${origin}/app/next`);
    await expect(page.getByRole('button', { name: 'Go' }).click()).rejects.toThrow(/\/app\/next fails WCAG 2\.2 AA/);
    await context.close();
  });
});
