import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { redeemSetupLink } from '../support/enroll.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';

// A thief with Ada's stolen, unlocked phone asks for a sign-in on their own computer and approves it
// on the phone. Whatever ends the phone's hold on the account must also end that approval.
describe.each(DIALECTS)('a device link dies with the session, passkey or account that approved it (%s)', (dialect) => {
  let h: Harness;
  let org: Organisation;
  let ada: User;
  let phone: Browser; // stolen, signed in, with a passkey
  let desk: Browser; // Ada's own computer, signed in with her password
  let thief: Browser; // the thief's computer: the "new device"

  beforeEach(async () => {
    h = await createHarness(dialect);
    org = await h.org();
    ada = await h.user({ org, username: 'ada', password: PASSWORD });
    phone = h.browser();
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    expect((await phone.addPasskey('acme', 'Phone')).status).toBe(200);
    desk = h.browser();
    await desk.signInWithPassword('acme', 'ada', PASSWORD);
    thief = h.browser();
  });
  afterEach(() => h.close());

  /** Started on the thief's computer and approved on the phone with its passkey. */
  async function approvedLink(newDevice = thief) {
    const started = await newDevice.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code })).status).toBe(200);
    const options = await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await phone.authenticator.authenticate(options.body.options);
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response })).status).toBe(200);
    expect((await newDevice.get(`/api/o/acme/device-link/${started.body.id}`)).body.state).toBe('approved');
    return started.body.id as string;
  }

  /** The thief's computer gets nothing: no session, no cookie, and the link says expired. */
  async function expectRefused(id: string, newDevice = thief) {
    const completed = await newDevice.post(`/api/o/acme/device-link/${id}/complete`);
    expect(completed.status).toBe(409);
    expect(completed.body.error.code).toBe('DEVICE_LINK_NOT_APPROVED');
    expect((await newDevice.get('/api/o/acme/me')).status).toBe(401);
    expect((await newDevice.get(`/api/o/acme/device-link/${id}`)).body.state).toBe('expired');
    const sessions = await h.deps.db
      .selectFrom('sessions')
      .select('method')
      .where('user_id', '=', ada.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(sessions.map((s) => s.method)).not.toContain('device-link');
  }

  async function eventDetails(type: 'device_link.voided' | 'session.revoked') {
    const rows = await h.deps.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', type)
      .where('user_id', '=', ada.id)
      .execute();
    return rows.map((r) => JSON.parse(r.details));
  }
  const voidedEvents = () => eventDetails('device_link.voided');

  it('Sign out everywhere voids approved and pending links', async () => {
    const approved = await approvedLink();
    const otherComputer = h.browser();
    const pending = await otherComputer.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await desk.post('/api/o/acme/me/sessions/revoke-others')).status).toBe(200);
    await expectRefused(approved);
    expect((await desk.post('/api/o/acme/me/device-links/lookup', { code: pending.body.code })).body.error.code).toBe(
      'DEVICE_CODE_INVALID',
    );
    expect((await otherComputer.get(`/api/o/acme/device-link/${pending.body.id}`)).body.state).toBe('expired');
    expect(await voidedEvents()).toEqual([{ count: 2, reason: 'sessions_revoked' }]);
  });

  it('signing out the approving session voids its approval', async () => {
    const approved = await approvedLink();
    const phoneSession = (await phone.get('/api/o/acme/me')).body.session.id;
    expect((await desk.delete(`/api/o/acme/me/sessions/${phoneSession}`)).status).toBe(200);
    await expectRefused(approved);
  });

  it("an admin's Sign out everywhere voids it", async () => {
    const admin = await h.user({ org, username: 'root', role: 'admin' });
    const { browser: adminBrowser } = await redeemSetupLink(h, org, admin);
    const approved = await approvedLink();
    expect((await adminBrowser.post(`/api/o/acme/admin/users/${ada.id}/sign-out-everywhere`)).status).toBe(200);
    await expectRefused(approved);
  });

  it('deleting the approving passkey voids it', async () => {
    const approved = await approvedLink();
    const [passkey] = (await desk.get('/api/o/acme/me/passkeys')).body.passkeys;
    expect((await desk.delete(`/api/o/acme/me/passkeys/${passkey.id}`)).status).toBe(200);
    await expectRefused(approved);
    expect(await voidedEvents()).toEqual([{ count: 1, reason: 'passkey_deleted' }]);
  });

  it('completion checks again that the approving session is alive and the account active', async () => {
    // Ends that bypass the voiding (a session that ran out, a disabled account) still stop it.
    const approved = await approvedLink();
    await h.deps.db
      .updateTable('sessions')
      .set({ revoked_at: h.deps.clock() })
      .where('user_id', '=', ada.id)
      .where('method', '=', 'password')
      .execute();
    await expectRefused(approved);
    expect(await voidedEvents()).toContainEqual({ count: 1, reason: 'approving_session_ended', requestId: approved });

    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    const second = h.browser();
    const approvedAgain = await approvedLink(second);
    await h.deps.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', ada.id).execute();
    await expectRefused(approvedAgain, second);
    expect(await voidedEvents()).toContainEqual({ count: 1, reason: 'account_disabled', requestId: approvedAgain });
  });

  /** The link collected: the new device is signed in. */
  async function collected(id: string, newDevice = thief) {
    expect((await newDevice.post(`/api/o/acme/device-link/${id}/complete`)).status).toBe(200);
    expect((await newDevice.get('/api/o/acme/me')).status).toBe(200);
  }

  const phoneSessionId = async () => (await phone.get('/api/o/acme/me')).body.session.id as string;

  // Collected in a second: voiding the link alone would have protected that second only.
  it('a session already collected ends when the approving session is signed out from another device', async () => {
    await collected(await approvedLink());
    expect((await desk.delete(`/api/o/acme/me/sessions/${await phoneSessionId()}`)).status).toBe(200);
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
    expect((await desk.get('/api/o/acme/me')).status).toBe(200);
    expect(await eventDetails('session.revoked')).toContainEqual({ count: 1, reason: 'approving_session_ended' });
  });

  it('a session already collected ends when the phone signs itself out', async () => {
    await collected(await approvedLink());
    expect((await phone.post('/api/o/acme/sign-out')).status).toBe(200);
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
  });

  it('a session already collected ends with the passkey it was approved with, whatever session approved', async () => {
    // The phone signs in again with its password: the approving session is not the one the passkey was added in.
    await phone.post('/api/o/acme/sign-out');
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    await collected(await approvedLink());
    const [passkey] = (await desk.get('/api/o/acme/me/passkeys')).body.passkeys;
    expect((await desk.delete(`/api/o/acme/me/passkeys/${passkey.id}`)).status).toBe(200);
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
    expect((await phone.get('/api/o/acme/me')).status).toBe(200);
  });

  it('what those sessions approved in turn ends too', async () => {
    await collected(await approvedLink());
    // The thief's computer, freshly signed in, adds a passkey of its own and approves a second computer with it.
    expect((await thief.addPasskey('acme', 'Thief')).status).toBe(200);
    const second = h.browser();
    const started = await second.post('/api/o/acme/device-link', { identifier: 'ada' });
    await thief.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    const options = await thief.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await thief.authenticator.authenticate(options.body.options);
    expect((await thief.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response })).status).toBe(200);
    await collected(started.body.id, second);
    expect((await desk.delete(`/api/o/acme/me/sessions/${await phoneSessionId()}`)).status).toBe(200);
    expect((await thief.get('/api/o/acme/me')).status).toBe(401);
    expect((await second.get('/api/o/acme/me')).status).toBe(401);
  });

  it('the member on the computer the phone let in can sign the lost phone out and stay signed in', async () => {
    const laptop = h.browser();
    await collected(await approvedLink(laptop), laptop);
    const phoneSession = await phoneSessionId();
    // Just signed in, so recently verified: no "Confirm it's you" needed.
    expect((await laptop.delete(`/api/o/acme/me/sessions/${phoneSession}`)).status).toBe(200);
    expect((await phone.get('/api/o/acme/me')).status).toBe(401);
    expect((await laptop.get('/api/o/acme/me')).status).toBe(200);
  });

  it('still completes while the approving session lives', async () => {
    const approved = await approvedLink();
    expect((await thief.post(`/api/o/acme/device-link/${approved}/complete`)).status).toBe(200);
    expect((await thief.get('/api/o/acme/me')).body.session.method).toBe('device-link');
  });
});
