/**
 * Another member signing in in a browser ends the session there as its own sign-out would: with the devices it let
 * in through a device link, and their apps (the rule: ending a session ends what was issued under it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('another member signing in where a session is (%s)', (dialect) => {
  let h: Harness;
  let phone: Browser;
  let computer: Browser;

  beforeEach(async () => {
    h = await createHarness(dialect);
    const org = await h.org();
    await h.user({ org, username: 'ada', password: PASSWORD });
    await h.user({ org, username: 'bob', password: PASSWORD });
    // Ada's phone lets a computer in with a device link.
    phone = h.browser();
    expect((await phone.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect((await phone.addPasskey('acme', 'Phone')).status).toBe(200);
    computer = h.browser();
    const started = await computer.post('/api/o/acme/device-link', { identifier: 'ada' });
    await phone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    const options = await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await phone.authenticator.authenticate(options.body.options);
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response })).status).toBe(200);
    expect((await computer.post(`/api/o/acme/device-link/${started.body.id}/complete`)).status).toBe(200);
    expect((await computer.get('/api/o/acme/me')).status).toBe(200);
  });
  afterEach(() => h.close());

  it('ends the computer the session let in, as her own sign-out would, and says so in Activity', async () => {
    expect((await phone.signInWithPassword('acme', 'bob', PASSWORD)).status).toBe(200);
    expect((await phone.get('/api/o/acme/me')).body.user.username).toBe('bob');
    expect((await computer.get('/api/o/acme/me')).status).toBe(401);
    const signOuts = await h.deps.db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_id')
      .select(['audit_events.details', 'users.username'])
      .where('audit_events.type', '=', 'sign_out')
      .execute();
    expect(signOuts.map((e) => [e.username, JSON.parse(e.details).by])).toEqual([['bob', 'another_sign_in']]);
  });

  it('the same member signing in again keeps the computer it let in', async () => {
    expect((await phone.signInWithPassword('acme', 'ada', PASSWORD)).status).toBe(200);
    expect((await computer.get('/api/o/acme/me')).status).toBe(200);
  });
});
