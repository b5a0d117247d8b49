import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { withoutColumnLists } from '../support/sql-shape.js';

/** Every SQL statement better-sqlite3 runs while `on` is set, in order. */
function statementLog() {
  const statement = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const log = { on: false, statements: [] as string[], restore: () => {} };
  const originals = ['run', 'all', 'get', 'iterate'].map((method) => [method, statement[method]!] as const);
  for (const [method, original] of originals)
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      if (log.on) log.statements.push(this.source);
      return original.apply(this, args);
    };
  log.restore = () => originals.forEach(([method, original]) => (statement[method] = original));
  return log;
}

const isWrite = (sql: string) => /^(insert|update|delete|begin|commit)/i.test(sql);

// The hot path's shape (issue 11): a passkey sign-in reads, then writes everything in one transaction.
describe('the statements of the hot paths (sqlite)', () => {
  let h: Harness;
  let log: ReturnType<typeof statementLog>;
  beforeEach(async () => {
    log = statementLog();
    h = await createHarness('sqlite');
    const org = await h.org();
    await h.user({
      org,
      username: 'ada',
      email: 'ada@example.com',
      displayName: 'Ada',
      password: 'correct horse battery',
    });
  });
  afterEach(async () => {
    // Files share modules (vitest.config.ts): a clock left frozen by a failed test must not reach the next file.
    vi.restoreAllMocks();
    log.restore();
    await h.close();
  });

  it('options: no writes; sign-in commits once: challenge used, counter, session, audit, trusted browser', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    await browser.addPasskey('acme');
    await browser.post('/api/o/acme/sign-out');
    log.on = true;
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    log.on = false;
    expect(options.status).toBe(200);
    // The challenge is sealed, not stored: asking for options writes nothing (and reads nothing).
    expect(log.statements).toEqual([]);
    const response = await browser.authenticator.authenticate(options.body.options);
    log.on = true;
    expect((await browser.post('/api/o/acme/sign-in/passkey/verify', { response })).status).toBe(200);
    log.on = false;
    const writes = log.statements.filter(isWrite).map((sql) => sql.split(' ').slice(0, 3).join(' '));
    expect(writes).toEqual([
      'begin immediate',
      'insert into "challenges"',
      'update "passkeys" set',
      'insert into "sessions"',
      'insert into "audit_events"',
      'update "trusted_devices" set',
      'delete from "trusted_devices"',
      'insert into "trusted_devices"',
      'commit',
    ]);
    // Reads: the member's passkeys (their policy, count and Signal API list), their account and the challenge's
    // mark in one statement; the session is written only for an active account, read by the insert itself; a known
    // browser is renewed without a read.
    const reads = log.statements
      .filter((sql) => sql.startsWith('select'))
      .map((sql) => withoutColumnLists(sql).split(' where ')[0]);
    expect(reads).toEqual(['select <columns>, (select "id" from "challenges"']);
    expect(log.statements.find((sql) => sql.startsWith('insert into "sessions"'))).toMatch(
      /select .* from "users" where "users"."id" = \? and "users"."status" = \?$/,
    );
  });

  it("a password sign-in counts the member's passkeys once: it signs in with the policy it checked", async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    await browser.post('/api/o/acme/sign-out');
    log.on = true;
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    log.on = false;
    const counts = log.statements.filter((sql) => sql.startsWith('select count(*) as "n" from "passkeys"'));
    expect(counts).toHaveLength(1);
  });

  it('a signed-in request reads session, user and passkey count in one query, then keeps the answer', async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    // The organisation is kept for ORG_CACHE_MS: the clock stands still so a loaded machine cannot outlast it.
    const now = vi.spyOn(performance, 'now').mockReturnValue(performance.now());
    const firstAndNext = [];
    for (const _ of [1, 2]) {
      log.on = true;
      const me = await browser.get('/api/o/acme/me');
      log.on = false;
      expect(me.status).toBe(200);
      expect(me.body.user.passkeyCount).toBe(0);
      firstAndNext.push(
        log.statements.splice(0).map((sql) => withoutColumnLists(sql).split(' where ')[0]!.slice(0, 57)),
      );
    }
    now.mockRestore();
    // The sign-in wrote a session: the first request reads (and asks SQLite before and after whether another
    // connection committed); the next asks only that (signed-in-cache.ts).
    expect(firstAndNext).toEqual([
      ['pragma data_version', 'select <columns>, (select count(*) as "n" from "passkeys"', 'pragma data_version'],
      ['pragma data_version'],
    ]);
  });

  it("a session's sight once a minute and another browser's sign-in keep the answer", async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse battery');
    const now = vi.spyOn(performance, 'now').mockReturnValue(performance.now());
    expect((await browser.get('/api/o/acme/me')).status).toBe(200);
    h.advance(61_000);
    const logged = async (step: () => Promise<unknown>) => {
      log.on = true;
      await step();
      log.on = false;
      return log.statements.splice(0).map((sql) => sql.split(' ').slice(0, 4).join(' '));
    };
    expect(await logged(() => browser.get('/api/o/acme/me'))).toEqual([
      'pragma data_version',
      'update "sessions" set "last_seen_at"',
      'pragma data_version',
    ]);
    expect(await logged(() => browser.get('/api/o/acme/me'))).toEqual(['pragma data_version']);
    await h.browser().signInWithPassword('acme', 'ada', 'correct horse battery');
    expect(await logged(() => browser.get('/api/o/acme/me'))).toEqual(['pragma data_version']);
    now.mockRestore();
  });

  it('a change to the organisation through this process is seen by the next request', async () => {
    const browser = h.browser();
    expect((await browser.post('/api/o/acme/sign-in/identify', { identifier: 'ada' })).status).toBe(200);
    await h.deps.db.updateTable('organisations').set({ slug: 'acme-renamed' }).where('slug', '=', 'acme').execute();
    expect((await browser.post('/api/o/acme/sign-in/identify', { identifier: 'ada' })).body.error.code).toBe(
      'ORG_NOT_FOUND',
    );
    expect((await browser.post('/api/o/acme-renamed/sign-in/identify', { identifier: 'ada' })).status).toBe(200);
  });
});
