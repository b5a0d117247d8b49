import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decideDeviceLink } from '../../src/device-link/device-links.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import type { User } from '../../src/users/users.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Browser, type Harness } from '../support/harness.js';

// The decision and its audit event are one write: an audit event that cannot be written leaves the request pending.
const audit = vi.hoisted(() => ({ failOn: null as string | null }));
vi.mock('../../src/audit/record-audit.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/audit/record-audit.js')>();
  return {
    ...original,
    recordAudit: (...args: Parameters<typeof original.recordAudit>) => {
      if (args[1].type === audit.failOn) throw new Error('the audit write failed');
      return original.recordAudit(...args);
    },
  };
});

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('deciding a device link (%s)', (dialect) => {
  let h: Harness;
  let org: Organisation;
  let phone: Browser;
  let laptop: Browser;
  let ada: User;
  beforeEach(async () => {
    audit.failOn = null;
    h = await createHarness(dialect);
    org = await h.org();
    ada = await h.user({ org, username: 'ada', password: PASSWORD });
    phone = h.browser();
    await phone.signInWithPassword('acme', 'ada', PASSWORD);
    laptop = h.browser();
  });
  afterEach(() => h.close());

  const status = async (id: string) =>
    (await h.deps.db.selectFrom('device_links').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('records the decision in the audit log with the request it decided', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    expect((await phone.post(`/api/o/acme/me/device-links/${started.body.id}/deny`)).status).toBe(200);
    expect(await status(started.body.id)).toBe('denied');
    const events = await h.deps.db
      .selectFrom('audit_events')
      .select(['type', 'details'])
      .where('type', '=', 'device_link.denied')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({
      requestId: started.body.id,
      approvingSessionId: (await phone.get('/api/o/acme/me')).body.session.id,
    });
  });

  it('leaves the request pending when its audit event cannot be written', async () => {
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'ada' });
    const session = await h.deps.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', ada.id)
      .executeTakeFirstOrThrow();
    // Called without HTTP: the failure would answer an undeclared INTERNAL error.
    const context = { ip: '127.0.0.1', userAgent: null };
    const deny = () =>
      decideDeviceLink(h.deps, { org, user: ada, session, id: started.body.id, approve: false, context });
    audit.failOn = 'device_link.denied';
    await expect(deny()).rejects.toThrow('the audit write failed');
    expect(await status(started.body.id)).toBe('pending');
    audit.failOn = null;
    await deny();
    expect(await status(started.body.id)).toBe('denied');
  });
});
