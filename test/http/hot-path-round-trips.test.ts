import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { withoutColumnLists } from '../support/sql-shape.js';
import { createHarness, type Harness } from '../support/harness.js';

/**
 * Every query a pg client sends while `on` is set, grouped in round trips: a query sent while none of its
 * connection's earlier queries awaits an answer starts a round trip; one sent while some do (pipelined) joins it.
 * Each is shown by its first words, a column list as <columns>, and `(by name)` for a statement PostgreSQL
 * parses and plans once per connection.
 */
function queryLog() {
  const original = pg.Client.prototype.query;
  const unanswered = new WeakMap<pg.Client, number>();
  const log = { on: false, roundTrips: [] as string[][], restore: () => void (pg.Client.prototype.query = original) };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; name?: string };
    const sql = typeof config === 'string' ? config : (config.text ?? '');
    const named = typeof config === 'object' && config.name ? ' (by name)' : '';
    const answer = (original as (...a: unknown[]) => unknown).apply(this, args) as Promise<unknown>;
    if (!log.on) return answer;
    const waiting = unanswered.get(this) ?? 0;
    if (waiting === 0) log.roundTrips.push([]);
    log.roundTrips.at(-1)!.push(withoutColumnLists(sql).split(' ').slice(0, 3).join(' ') + named);
    unanswered.set(this, waiting + 1);
    const answered = () => void unanswered.set(this, unanswered.get(this)! - 1);
    answer.then(answered, answered);
    return answer;
  } as typeof original;
  return log;
}

// On PostgreSQL each round trip over the network costs the server and the database CPU: a passkey sign-in's are
// counted (issue 11).
describe.skipIf(!DIALECTS.includes('postgres'))('the round trips of a passkey sign-in (postgres)', () => {
  let h: Harness;
  let log: ReturnType<typeof queryLog>;
  beforeEach(async () => {
    h = await createHarness('postgres');
    const org = await h.org();
    await h.user({ org, username: 'ada', email: 'ada@example.com', displayName: 'Ada', password: 'correct horse' });
    log = queryLog();
  });
  afterEach(async () => {
    log.restore();
    await h.close();
  });

  it("three round trips: the read, then the transaction's writes in one, then its commit", async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse');
    await browser.addPasskey('acme');
    await browser.post('/api/o/acme/sign-out');
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    log.on = true;
    expect((await browser.post('/api/o/acme/sign-in/passkey/verify', { response })).status).toBe(200);
    log.on = false;
    expect(log.roundTrips).toEqual([
      ['select <columns>, (select (by name)'],
      [
        'begin',
        'insert into "challenges" (by name)',
        'update "passkeys" set (by name)',
        // The session only while the account is active, read under its lock in the same statement.
        'insert into "sessions" (by name)',
        'insert into "audit_events" (by name)',
        // The browser's tokens always fill five places (padded): one statement whatever the cookie holds. Its
        // answer is awaited (a browser it does not know gets a new token), so the queued writes go out with it.
        'update "trusted_devices" set (by name)',
      ],
      // The commit waits for the queued writes' answers: the counter, the session and the challenge each refuse
      // the sign-in when they change no row.
      ['commit'],
    ]);
  });
});
