import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseCode } from '../../src/device-link/code.js';
import { normaliseEnrollmentCode } from '../../src/enrollment/enrollment-code.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { deriveKey, hmacHex } from '../../src/shared/crypto.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** The same browser (cookies, passkeys) talking to another instance. */
function on(app: Harness['app'], browser: Browser, h: Harness): Browser {
  const copy = h.browser();
  copy.app = app;
  for (const [k, v] of browser.cookies) copy.cookies.set(k, v);
  copy.authenticator.credentials.push(...browser.authenticator.credentials);
  return copy;
}

// Short codes have few enough values to try them all against a plain hash: they are stored as an
// HMAC under the server secret, so the database alone is not enough to find a pending code.
describe.each(DIALECTS)('short codes under the server secret (%s)', (dialect) => {
  let h: Harness;
  let org: Organisation;
  beforeEach(async () => {
    h = await createHarness(dialect);
    org = await h.org();
  });
  afterEach(() => h.close());

  it('device-link codes: stored as HMAC, not SHA-256; only an instance with the same secret finds them', async () => {
    await h.user({ org, username: 'ada', password: PASSWORD });
    const phone = h.browser();
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    const laptop = h.browser();
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const code = normaliseCode(started.body.code)!;

    const { code_hash } = await h.deps.db
      .selectFrom('device_links')
      .select('code_hash')
      .where('id', '=', started.body.id)
      .executeTakeFirstOrThrow();
    expect(code_hash).not.toBe(sha256(code));
    expect(code_hash).not.toBe(sha256(`device-link:${code}`));
    expect(code_hash).toBe(hmacHex(deriveKey(h.deps.serverSecret, 'device-link-codes'), code));

    const otherSecret = on(await h.secondInstance({ serverSecret: randomBytes(32) }), phone, h);
    expect(
      (await otherSecret.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).body.error.code,
    ).toBe('DEVICE_CODE_INVALID');
    const sameSecret = on(await h.secondInstance(), phone, h);
    const found = await sameSecret.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    expect(found.status).toBe(200);
    expect(found.body.request.id).toBe(started.body.id);
  });

  it('enrollment codes: stored as HMAC under their own key; only a same-secret instance redeems them', async () => {
    const adminUser: User = await h.user({ org, username: 'ada', role: 'admin' });
    await h.user({ org, username: 'bob' });
    const { browser: admin } = await redeemSetupLink(h, org, adminUser);
    const bob = (
      await h.deps.db.selectFrom('users').select('id').where('username', '=', 'bob').executeTakeFirstOrThrow()
    ).id;
    const issued = await admin.post(`/api/o/acme/admin/users/${bob}/enrollment-code`);
    const code = normaliseEnrollmentCode(issued.body.code)!;

    const { code_hash } = await h.deps.db
      .selectFrom('enrollment_codes')
      .select('code_hash')
      .where('user_id', '=', bob)
      .executeTakeFirstOrThrow();
    expect(code_hash).not.toBe(sha256(code));
    expect(code_hash).not.toBe(sha256(`enrollment-code:${code}`));
    // One key per purpose: the device-link key does not give this hash.
    expect(code_hash).not.toBe(hmacHex(deriveKey(h.deps.serverSecret, 'device-link-codes'), code));
    expect(code_hash).toBe(hmacHex(deriveKey(h.deps.serverSecret, 'enrollment-codes'), code));

    const enter = (app: Harness['app']) =>
      Object.assign(h.browser(), { app }).post('/api/o/acme/enroll', { username: 'bob', code: issued.body.code });
    expect((await enter(await h.secondInstance({ serverSecret: randomBytes(32) }))).body.error.code).toBe(
      'ENROLLMENT_CODE_INVALID',
    );
    const redeemed = await enter(await h.secondInstance());
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.user.username).toBe('bob');
  });
});
