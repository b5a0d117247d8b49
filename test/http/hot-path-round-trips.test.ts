import net from 'node:net';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { withoutColumnLists } from '../support/sql-shape.js';
import { createHarness, type Harness } from '../support/harness.js';

/**
 * What pg clients write to PostgreSQL while `on` is set, one entry a write to a socket: the queries that left in
 * that write (a write is what wakes PostgreSQL's backend; a query sent alone, or not pipelined, is a write of its
 * own). Each query is shown by its first words, a column list as <columns>, and `(by name)` for a statement
 * PostgreSQL parses and plans once per connection.
 */
function writeLog() {
  const { submit } = pg.Query.prototype as unknown as { submit: (connection: { stream: net.Socket }) => unknown };
  const { _write, _writev } = net.Socket.prototype as unknown as Record<'_write' | '_writev', () => void>;
  const unsent = new Map<net.Socket, string[]>();
  const log = { on: false, writes: [] as string[][] };
  Object.assign(pg.Query.prototype, {
    submit(this: { text?: string; name?: string }, connection: { stream: net.Socket }) {
      if (log.on) {
        const shape = withoutColumnLists(this.text ?? '')
          .split(' ')
          .slice(0, 3)
          .join(' ');
        unsent.set(connection.stream, [
          ...(unsent.get(connection.stream) ?? []),
          shape + (this.name ? ' (by name)' : ''),
        ]);
      }
      return submit.call(this, connection);
    },
  });
  const flushed = (socket: net.Socket) => {
    const queries = unsent.get(socket);
    if (queries) log.writes.push(queries);
    unsent.delete(socket);
  };
  Object.assign(net.Socket.prototype, {
    _write(this: net.Socket, ...args: unknown[]) {
      flushed(this);
      return (_write as (...a: unknown[]) => void).apply(this, args);
    },
    _writev(this: net.Socket, ...args: unknown[]) {
      flushed(this);
      return (_writev as (...a: unknown[]) => void).apply(this, args);
    },
  });
  const restore = () => {
    Object.assign(pg.Query.prototype, { submit });
    Object.assign(net.Socket.prototype, { _write, _writev });
  };
  return { log, restore };
}

// On PostgreSQL each round trip over the network costs the server and the database CPU: a passkey sign-in's are
// counted (issue 11).
describe.skipIf(!DIALECTS.includes('postgres'))('the round trips of a passkey sign-in (postgres)', () => {
  let h: Harness;
  let log: ReturnType<typeof writeLog>['log'];
  let restore: () => void;
  beforeEach(async () => {
    h = await createHarness('postgres');
    const org = await h.org();
    await h.user({ org, username: 'ada', email: 'ada@example.com', displayName: 'Ada', password: 'correct horse' });
    ({ log, restore } = writeLog());
  });
  afterEach(async () => {
    restore();
    await h.close();
  });

  it("two round trips: the read, then the transaction's writes with its commit", async () => {
    const browser = h.browser();
    await browser.signInWithPassword('acme', 'ada', 'correct horse');
    await browser.addPasskey('acme');
    await browser.post('/api/o/acme/sign-out');
    const options = await browser.post('/api/o/acme/sign-in/passkey/options', {});
    const response = await browser.authenticator.authenticate(options.body.options);
    log.on = true;
    expect((await browser.post('/api/o/acme/sign-in/passkey/verify', { response })).status).toBe(200);
    log.on = false;
    expect(log.writes).toEqual([
      ['select <columns>, (select (by name)'],
      [
        'begin',
        // The challenge, the counter and the session each refuse the sign-in when they change no row: each is
        // guarded (`with written as (…) select 1 / count(*)`), so PostgreSQL fails it and the commit rolls back.
        'with written as (by name)',
        'with written as (by name)',
        // The session only while the account is active, read under its lock in the same statement.
        'with written as (by name)',
        'insert into "audit_events" (by name)',
        // The browser's tokens always fill five places (padded): one statement text whatever the cookie holds.
        // A known browser is renewed; a new one gets a token, unless one of its tokens was renewed.
        'update "trusted_devices" set (by name)',
        'delete from "trusted_devices" (by name)',
        'insert into "trusted_devices" (by name)',
        // Nothing waited for an answer: the commit leaves in the same write.
        'commit',
      ],
    ]);
  });
});
