/**
 * Issue 11: a signed-in request's answer is kept between requests (src/sessions/signed-in-cache.ts). Whatever
 * changes the session, the member or their passkeys must reach the very next request: from this server, from a
 * CLI command run beside it on the same SQLite file, and after a rollback of work a request may have seen.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tableWritesOf } from '../../src/db/database.js';
import { runCliInProcess } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';
import { createHarness, type Harness } from '../support/harness.js';

async function signedIn(h: Harness) {
  const org = await h.org();
  await h.user({ org, username: 'ada', password: 'correct horse battery', role: 'admin' });
  await h.user({ org, username: 'bob', password: 'bob has a password' });
  const admin = h.browser();
  const bob = h.browser();
  await admin.signInWithPassword('acme', 'ada', 'correct horse battery');
  await bob.signInWithPassword('acme', 'bob', 'bob has a password');
  // Read twice: the second answer is the kept one (where anything is kept).
  for (const _ of [1, 2]) expect((await bob.get('/api/o/acme/me')).body.user.role).toBe('member');
  const bobId = (await bob.get('/api/o/acme/me')).body.user.id as string;
  return { admin, bob, bobId };
}

describe.each(DIALECTS)('a kept signed-in answer never outlives a change (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h.close());

  it("the member's passkeys, an admin's role change and an admin's disable reach the next request", async () => {
    h = await createHarness(dialect);
    const { admin, bob, bobId } = await signedIn(h);
    await bob.addPasskey('acme');
    expect((await bob.get('/api/o/acme/me')).body.user.passkeyCount).toBe(1);
    // A write to the passkeys alone (no session or member row changes with it).
    await h.deps.db.deleteFrom('passkeys').where('user_id', '=', bobId).execute();
    expect((await bob.get('/api/o/acme/me')).body.user.passkeyCount).toBe(0);

    expect((await admin.patch(`/api/o/acme/admin/users/${bobId}`, { role: 'editor' })).status).toBe(200);
    expect((await bob.get('/api/o/acme/me')).body.user.role).toBe('editor');

    expect((await admin.post(`/api/o/acme/admin/users/${bobId}/disable`)).status).toBe(200);
    expect((await bob.get('/api/o/acme/me')).status).toBe(401);
  });

  it('a session signed out from another browser ends at its next request', async () => {
    h = await createHarness(dialect);
    const { bob } = await signedIn(h);
    const laptop = h.browser();
    await laptop.signInWithPassword('acme', 'bob', 'bob has a password');
    expect((await laptop.post('/api/o/acme/me/sessions/revoke-others')).body).toEqual({ revoked: 1 });
    expect((await bob.get('/api/o/acme/me')).status).toBe(401);
  });
});

describe('a kept session seen elsewhere (sqlite)', () => {
  it('is not called idle by its kept sight when the database has a later one', async () => {
    const h = await createHarness('sqlite', { SESSION_IDLE_MINUTES: '10' });
    try {
      const { bob } = await signedIn(h);
      // Seen 9 minutes later by a path that does not keep answers (the OpenID provider's session check).
      h.advance(9 * 60_000);
      await h.deps.db.updateTable('sessions').set({ last_seen_at: h.deps.clock() }).execute();
      h.advance(2 * 60_000);
      expect((await bob.get('/api/o/acme/me')).status).toBe(200);
      h.advance(11 * 60_000);
      expect((await bob.get('/api/o/acme/me')).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});

describe('a kept signed-in answer and other connections to the SQLite file', () => {
  let h: Harness;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-kept-'));
  const file = path.join(dir, 'latchkey.db');
  const cli = (args: string[]) =>
    runCliInProcess(args, { DATABASE_URL: `sqlite:${file}`, PUBLIC_URL: 'http://localhost:3000', REDIS_URL: '' });
  afterEach(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a CLI command beside the server (its own connection) reaches the next request', async () => {
    h = await createHarness('sqlite', {}, { sqliteFile: file });
    const { bob } = await signedIn(h);
    expect((await cli(['user', 'set', '--org', 'acme', '--username', 'bob', '--role', 'editor'])).code).toBe(0);
    expect((await bob.get('/api/o/acme/me')).body.user.role).toBe('editor');
    expect((await cli(['user', 'disable', '--org', 'acme', '--username', 'bob'])).code).toBe(0);
    expect((await bob.get('/api/o/acme/me')).status).toBe(401);
  });

  it('while a select streams (its snapshot hides other commits), nothing kept is trusted', async () => {
    h = await createHarness('sqlite', {}, { sqliteFile: file });
    const { bob } = await signedIn(h);
    const stream = h.deps.db.selectFrom('users').select('username').stream()[Symbol.asyncIterator]();
    expect((await stream.next()).done).toBe(false);
    expect((await cli(['user', 'disable', '--org', 'acme', '--username', 'bob'])).code).toBe(0);
    // Not answered from what is kept while the stream is open: read again once it gives the connection back.
    const me = bob.get('/api/o/acme/me');
    await Promise.race([me, new Promise((resolve) => setTimeout(resolve, 200))]);
    await stream.return?.();
    expect((await me).status).toBe(401);
  });
});

describe('a rollback is told to the caches of rows (sqlite)', () => {
  it('tells every watched table, whichever table the undone work wrote', async () => {
    const h = await createHarness('sqlite');
    try {
      const told: string[] = [];
      tableWritesOf(h.deps.db)!.on('users', () => told.push('users'));
      await expect(
        h.deps.db.transaction().execute(async (trx) => {
          await trx.deleteFrom('audit_events').execute();
          throw new Error('undo it');
        }),
      ).rejects.toThrow('undo it');
      expect(told).toEqual(['users']);
    } finally {
      await h.close();
    }
  });
});
