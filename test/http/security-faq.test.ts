import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_FAQ_PATH } from '../../src/http/docs.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('the IT & information security FAQ the admin console links to', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is served as plain text, exactly as docs/it-security-faq.md says it, without a session', async () => {
    const response = await h.app.inject({ method: 'GET', url: SECURITY_FAQ_PATH, headers: { host: 'localhost:3000' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toBe(fs.readFileSync(new URL('../../docs/it-security-faq.md', import.meta.url), 'utf8'));
    expect(response.body).toMatch(/^# Technical FAQ for IT & Information Security teams/);
  });

  it('is the address the admin console footer links to', () => {
    const layout = fs.readFileSync(new URL('../../web/src/shared/Layout.tsx', import.meta.url), 'utf8');
    expect(layout).toContain(`href="${SECURITY_FAQ_PATH}"`);
  });
});
