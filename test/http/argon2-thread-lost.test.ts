import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

// An argon2 thread lost in the middle of a check (crashed, stopped): set `crash.next` and the next job sent to a
// thread stops that thread instead.
const crash = vi.hoisted(() => ({ next: false }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  class CrashingWorker extends original.Worker {
    override postMessage(...args: Parameters<InstanceType<typeof original.Worker>['postMessage']>) {
      if (!crash.next) return super.postMessage(...args);
      crash.next = false;
      void this.terminate();
    }
  }
  return { ...original, Worker: CrashingWorker };
});

const PASSWORD = 'correct horse battery';

describe('a password check whose argon2 thread is lost', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('sqlite');
    const org = await h.org();
    await h.user({ org, username: 'ada', password: PASSWORD });
  });
  afterEach(() => h.close());

  const failures = () =>
    h.deps.db.selectFrom('audit_events').select('type').where('type', '=', 'sign_in.failed').execute();

  it('answers a coded 503 with Retry-After, not a wrong password; the next check works', async () => {
    const browser = h.browser();
    crash.next = true;
    const lost = await browser.post('/api/o/acme/sign-in/password', { identifier: 'ada', password: PASSWORD });
    expect(lost.status).toBe(503);
    expect(lost.body.error.code).toBe('PASSWORD_CHECK_UNAVAILABLE');
    expect(lost.headers['retry-after']).toBe('1');
    expect(await failures()).toEqual([]);
    const next = await browser.post('/api/o/acme/sign-in/password', { identifier: 'ada', password: PASSWORD });
    expect(next.status).toBe(200);
  });

  it('for an unknown account too, and the stand-in hash is made again afterwards', async () => {
    const browser = h.browser();
    crash.next = true;
    const lost = await browser.post('/api/o/acme/sign-in/password', { identifier: 'nobody', password: PASSWORD });
    expect(lost.body.error.code).toBe('PASSWORD_CHECK_UNAVAILABLE');
    const next = await browser.post('/api/o/acme/sign-in/password', { identifier: 'nobody', password: PASSWORD });
    expect(next.body.error.code).toBe('INVALID_CREDENTIALS');
  });
});
