import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('password sign-in queue (%s)', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    // One check at a time and one waiting: a flood of twelve cannot all be queued.
    h = await createHarness(dialect, {
      PASSWORD_HASHES_RUNNING: '1',
      PASSWORD_SIGN_IN_QUEUE: '1',
      PASSWORD_ATTEMPTS_PER_ACCOUNT: '1000',
      PASSWORD_ATTEMPTS_PER_IP: '1000',
    });
    const org = await h.org();
    await h.user({ org, username: 'ada', password: 'correct horse battery' });
  });
  afterEach(() => h.close());

  const failures = () =>
    h.deps.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'sign_in.failed')
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));

  it('refuses a flood beyond the queue with a coded 503 and Retry-After, counting and writing nothing', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        h.browser().request('POST', '/api/o/acme/sign-in/password', { identifier: 'ada', password: 'wrong password!' }),
      ),
    );
    const busy = answers.filter((a) => a.status === 503);
    const checked = answers.filter((a) => a.status === 401);
    expect(busy.length + checked.length).toBe(12);
    expect(busy.length).toBeGreaterThan(0);
    expect(checked.length).toBeGreaterThanOrEqual(2);
    for (const answer of busy) {
      expect(answer.body.error.code).toBe('PASSWORD_SIGN_IN_BUSY');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    for (const answer of checked) expect(answer.body.error.code).toBe('INVALID_CREDENTIALS');
    // Only the checked attempts were counted and audited; the refused ones left no trace.
    expect(await failures()).toBe(checked.length);

    // Every place was given back: the queue serves again, and the right password signs in.
    const after = await h.browser().signInWithPassword('acme', 'ada', 'correct horse battery');
    expect(after.status).toBe(200);
  });

  it('keeps refusing nothing while the queue has room', async () => {
    const answers = await Promise.all(
      Array.from({ length: 2 }, () => h.browser().signInWithPassword('acme', 'ada', 'correct horse battery')),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await failures()).toBe(0);
  });
});
