import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// Runs `between` once, after the new device's session is made and before its link records it.
const hook = vi.hoisted(() => ({ between: undefined as (() => Promise<void>) | undefined }));
vi.mock('../../src/sign-in/complete-sign-in.js', async (original) => {
  const real = await original<typeof import('../../src/sign-in/complete-sign-in.js')>();
  return {
    ...real,
    completeSignIn: async (...args: Parameters<typeof real.completeSignIn>) => {
      const completed = await real.completeSignIn(...args);
      const between = hook.between;
      hook.between = undefined;
      await between?.();
      return completed;
    },
  };
});

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('a passkey deleted while its approval is collected (%s)', (dialect) => {
  let h: Harness;
  let phone: Browser;
  let desk: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    await h.user({ org: await h.org(), username: 'ada', password: PASSWORD });
    phone = h.browser();
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    expect((await phone.addPasskey('acme', 'Phone')).status).toBe(200);
    desk = h.browser();
    await desk.signInWithPassword('acme', 'ada', PASSWORD);
    // Made on the desk and synced to the phone: deleting it leaves the phone's session ("This device": Phone).
    expect((await desk.addPasskey('acme', 'Synced')).status).toBe(200);
    phone.authenticator.credentials.push(desk.authenticator.credentials[0]!);
  });
  afterEach(async () => {
    hook.between = undefined;
    await h.close();
  });

  it('gives the new device no session when the passkey that approved it goes meanwhile', async () => {
    const passkeys = (await desk.get('/api/o/acme/me/passkeys')).body.passkeys as Array<{ id: string; name: string }>;
    const synced = passkeys.find((p) => p.name === 'Synced')!;
    const credentialId = phone.authenticator.credentials.at(-1)!.id;

    const thief = h.browser();
    const started = await thief.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    const options = await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await phone.authenticator.authenticate(options.body.options, { credentialId });
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response })).status).toBe(200);

    hook.between = async () => {
      expect((await desk.delete(`/api/o/acme/me/passkeys/${synced.id}`)).status).toBe(200);
    };
    const completed = await thief.post(`/api/o/acme/device-link/${started.body.id}/complete`);
    expect(hook.between).toBeUndefined(); // it ran
    expect(completed.status).toBe(409);
    expect(completed.body.error.code).toBe('DEVICE_LINK_NOT_APPROVED');
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
    expect((await phone.get('/api/o/acme/me')).status).toBe(200);
    const voided = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'device_link.voided')
      .execute();
    expect(voided.map((e) => JSON.parse(e.details).reason)).toContain('passkey_deleted');
  });
});
