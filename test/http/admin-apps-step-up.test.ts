/**
 * Adding an app or changing its addresses decides where members' authorization codes go: like deleting
 * it, it needs a verification in the last 5 minutes, and its event records the addresses before and after,
 * so a stale admin session cannot add https://evil.example/cb to a first-party app unnoticed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVERIFY_WINDOW_MS } from '../../src/sessions/sessions.js';
import { sha256 } from '../../src/shared/crypto.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

const PASSWORD = 'correct horse battery';
const API = '/api/o/acme/admin/apps';
const GOOD = 'https://app.example/cb';
const EVIL = 'https://evil.example/cb';
const settings = (redirectUris: string[]) => ({
  name: 'Field App',
  redirectUris,
  postLogoutRedirectUris: ['https://app.example/signed-out'],
  backchannelLogoutUri: null,
  firstParty: true,
});

describe.each(DIALECTS)('Adding or changing an app asks "Confirm it\'s you" (%s)', (dialect) => {
  let h: Harness;
  let admin: Browser;
  let clientId: string;
  let clientSecret: string;
  const events = (type?: string) => {
    const query = h.deps.db.selectFrom('audit_events').select(['type', 'details']).orderBy('created_at');
    return (type ? query.where('type', '=', type) : query).execute();
  };
  const detailsOf = async (type: string) => (await events(type)).map((e) => JSON.parse(e.details) as object);

  beforeEach(async () => {
    h = await createHarness(dialect);
    const org = await h.org();
    await h.user({ org, username: 'ada', role: 'admin', password: PASSWORD });
    admin = h.browser();
    await admin.signInWithPassword('acme', 'ada', PASSWORD);
    // Just signed in: no confirmation asked.
    const created = await admin.post(API, { ...settings([GOOD]), public: false });
    expect(created.status).toBe(200);
    ({ clientId, clientSecret } = { clientId: created.body.app.clientId, clientSecret: created.body.clientSecret });
  });
  afterEach(() => h.close());

  it('refuses both with REVERIFY_REQUIRED 5 minutes after the last verification, changing nothing', async () => {
    h.advance(REVERIFY_WINDOW_MS + 1);
    const before = { apps: (await admin.get(API)).body, events: await events() };
    const added = await admin.post(API, { ...settings([EVIL]), name: 'Evil', public: true });
    const changed = await admin.put(`${API}/${clientId}`, settings([GOOD, EVIL]));
    expect([added.status, added.body.error?.code]).toEqual([403, 'REVERIFY_REQUIRED']);
    expect([changed.status, changed.body.error?.code]).toEqual([403, 'REVERIFY_REQUIRED']);
    expect((await admin.get(API)).body).toEqual(before.apps);
    expect(await events()).toEqual(before.events);
  });

  it('does them once the admin has confirmed it is them; the events record the addresses, no secret', async () => {
    h.advance(REVERIFY_WINDOW_MS + 1);
    expect((await admin.post('/api/o/acme/me/reverify/password', { password: PASSWORD })).status).toBe(200);
    const added = await admin.post(API, { ...settings(['com.example.app:/cb']), name: 'Phone', public: true });
    expect(added.status).toBe(200);
    expect((await admin.put(`${API}/${clientId}`, settings([GOOD, EVIL]))).status).toBe(200);
    // Put back as it was: the events still show where codes could go meanwhile.
    h.advance(1);
    expect((await admin.put(`${API}/${clientId}`, { ...settings([GOOD]), name: 'Field' })).status).toBe(200);
    expect((await admin.get(API)).body.apps.map((a: { name: string }) => a.name)).toEqual(['Field', 'Phone']);

    expect(await detailsOf('app.created')).toEqual([
      expect.objectContaining({ clientId, name: 'Field App', public: false, redirectUris: [GOOD] }),
      {
        clientId: added.body.app.clientId,
        name: 'Phone',
        public: true,
        redirectUris: ['com.example.app:/cb'],
        postLogoutRedirectUris: ['https://app.example/signed-out'],
        backchannelLogoutUri: null,
        firstParty: true,
      },
    ]);
    expect(await detailsOf('app.updated')).toEqual([
      { clientId, name: 'Field App', redirectUris: { from: [GOOD], to: [GOOD, EVIL] } },
      { clientId, name: 'Field', previousName: 'Field App', redirectUris: { from: [GOOD, EVIL], to: [GOOD] } },
    ]);
    const everything = JSON.stringify(await events());
    expect(everything).not.toContain(clientSecret);
    expect(everything).not.toContain(sha256(clientSecret));
  });

  it('records a change of sign-out addresses, back-channel logout and first party as {from, to}', async () => {
    const changed = await admin.put(`${API}/${clientId}`, {
      ...settings([GOOD]),
      postLogoutRedirectUris: [],
      backchannelLogoutUri: 'https://app.example/backchannel',
      firstParty: false,
    });
    expect(changed.status).toBe(200);
    expect(await detailsOf('app.updated')).toEqual([
      {
        clientId,
        name: 'Field App',
        postLogoutRedirectUris: { from: ['https://app.example/signed-out'], to: [] },
        backchannelLogoutUri: { from: null, to: 'https://app.example/backchannel' },
        firstParty: { from: true, to: false },
      },
    ]);
  });

  it('puts the addresses before and after in the CSV export, as one cell of JSON', async () => {
    await admin.put(`${API}/${clientId}`, settings([GOOD, EVIL]));
    const csv = await admin.send('GET', '/api/o/acme/admin/activity/export?format=csv&type=app.updated');
    expect(csv.statusCode).toBe(200);
    const details = { clientId, name: 'Field App', redirectUris: { from: [GOOD], to: [GOOD, EVIL] } };
    expect(csv.body).toContain(`"${JSON.stringify(details).replace(/"/g, '""')}"`);
    expect(csv.body).not.toContain(clientSecret);
  });
});
