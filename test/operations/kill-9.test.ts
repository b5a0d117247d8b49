/**
 * kill -9 under load (bin/latchkey.js start; run `npm run build:server` first). Passkey sign-ins,
 * passkey registrations and an admin's changes (new users, profile edits, enrollment codes redeemed)
 * run through a load balancer; one instance is killed mid-load. The others keep serving, and
 * afterwards nothing is half-written and every request that got a 2xx is in the database.
 * PostgreSQL: one of three instances. SQLite: the single instance, then a restart on the same file.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createOrganisation, type Organisation } from '../../src/orgs/organisations.js';
import { sha256 } from '../../src/shared/crypto.js';
import type { Deps } from '../../src/shared/deps.js';
import { createUser } from '../../src/users/users.js';
import { freePort } from '../support/free-port.js';
import {
  directDeps,
  freshPostgresDatabase,
  freshRedisDatabase,
  killInstance,
  ProcessBrowser,
  sleep,
  startInstance,
  startInstances,
  tempDir,
  type Instance,
} from '../support/instances.js';
import { Balancer, runLoad } from '../support/load.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const PASSWORD = 'correct horse battery';
const MEMBERS = 4;
/** Enrollment codes entered per address are limited (30 in 15 minutes): the admin stops issuing after these. */
const CODES = 10;

interface Done {
  sessions: Array<{ username: string; token: string }>;
  passkeys: Array<{ username: string; credentialId: string }>;
  users: Array<{ id: string; username: string }>;
  renamed: Map<string, string>;
  redeemed: Array<{ username: string; code: string; token: string }>;
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}, 60_000);

/** Seeds Acme (an admin and the members), signs them in through the balancer and gives each member a passkey. */
async function prepare(deps: Deps, publicUrl: string, balancer: Balancer) {
  const org: Organisation = await createOrganisation(deps, {
    slug: 'acme',
    name: 'Acme',
    passkeysAvailable: true,
    passkeysEnabled: true,
  });
  await createUser(deps, { org, username: 'ada', role: 'admin', password: PASSWORD });
  const admin = new ProcessBrowser(publicUrl, balancer.instances[0]!);
  expect(
    (await balancer.send(admin, 'POST', '/api/o/acme/sign-in/password', { identifier: 'ada', password: PASSWORD }))
      .status,
  ).toBe(200);
  const members = await Promise.all(
    Array.from({ length: MEMBERS }, async (_, i) => {
      const username = `member${i}`;
      await createUser(deps, { org, username, password: PASSWORD });
      const browser = new ProcessBrowser(publicUrl, balancer.instances[0]!);
      await balancer.send(browser, 'POST', '/api/o/acme/sign-in/password', {
        identifier: username,
        password: PASSWORD,
      });
      const options = await balancer.send(browser, 'POST', '/api/o/acme/me/passkeys/options');
      const response = await browser.authenticator.register(options.body.options);
      expect((await balancer.send(browser, 'POST', '/api/o/acme/me/passkeys', { response })).status).toBe(200);
      return { username, browser, credentialId: response.id };
    }),
  );
  return { org, admin, members };
}

/**
 * The load: members sign in with their passkey and now and then register another; the admin adds, edits and
 * enrolls users.
 */
function startLoad(
  balancer: Balancer,
  publicUrl: string,
  world: Awaited<ReturnType<typeof prepare>>,
  done: Done,
  label: string,
) {
  return runLoad(MEMBERS + 1, async (worker, round) => {
    if (worker === MEMBERS) return adminStep(round);
    const { username, browser, credentialId } = world.members[worker]!;
    // Registrations stay under MAX_PASSKEYS_PER_USER (20) however fast the machine runs the rounds.
    const registered = done.passkeys.filter((p) => p.username === username).length;
    if (round % 3 !== 2 || registered >= 15) {
      const options = await balancer.send(browser, 'POST', '/api/o/acme/sign-in/passkey/options', {
        identifier: username,
      });
      expect(options.status).toBe(200);
      const response = await browser.authenticator.authenticate(options.body.options, { credentialId });
      const verified = await balancer.send(browser, 'POST', '/api/o/acme/sign-in/passkey/verify', { response });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
      done.sessions.push({ username, token: browser.sessionToken('acme')! });
      return;
    }
    const options = await balancer.send(browser, 'POST', '/api/o/acme/me/passkeys/options');
    // Signed out when a sign-in was cut after it replaced this browser's session: the next round signs in.
    if (options.status === 401) return;
    expect(options.status).toBe(200);
    const key = new SoftAuthenticator({ origin: new URL(publicUrl).origin }); // a new security key each time
    const response = await key.register(options.body.options);
    const added = await balancer.send(browser, 'POST', '/api/o/acme/me/passkeys', { response });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    done.passkeys.push({ username, credentialId: response.id });
  });

  async function adminStep(round: number) {
    const username = `${label}-new-${round}`;
    const created = await balancer.send(world.admin, 'POST', '/api/o/acme/admin/users', { username, role: 'member' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.user.id as string;
    done.users.push({ id, username });
    const displayName = `Member ${round} of ${label}`;
    const edited = await balancer.send(world.admin, 'PATCH', `/api/o/acme/admin/users/${id}`, { displayName });
    expect(edited.status).toBe(200);
    done.renamed.set(id, displayName);
    if (round >= CODES) return void (await sleep(100));
    const issued = await balancer.send(world.admin, 'POST', `/api/o/acme/admin/users/${id}/enrollment-code`);
    expect(issued.status).toBe(200);
    const member = new ProcessBrowser(publicUrl, balancer.instances[0]!);
    const redeemed = await balancer.send(member, 'POST', '/api/o/acme/enroll', { username, code: issued.body.code });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    done.redeemed.push({ username, code: issued.body.code, token: member.sessionToken('acme')! });
  }
}

/** Nothing half-written, every 2xx in the database, no used code usable again. */
async function checkConsistency(deps: Deps, balancer: Balancer, publicUrl: string, done: Done) {
  const db = deps.db;
  const orphanPasskeys = await db
    .selectFrom('passkeys')
    .leftJoin('users', 'users.id', 'passkeys.user_id')
    .select('passkeys.id')
    .where('users.id', 'is', null)
    .execute();
  expect(orphanPasskeys).toEqual([]);
  const sessionsWithoutEvent = await db
    .selectFrom('sessions')
    .select('sessions.id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('audit_events')
            .select('audit_events.id')
            .where('audit_events.type', '=', 'sign_in.succeeded')
            .where('audit_events.details', 'like', sql<string>`'%' || sessions.id || '%'`),
        ),
      ),
    )
    .execute();
  expect(sessionsWithoutEvent).toEqual([]);
  const usersWithoutEvent = await db
    .selectFrom('users')
    .select('users.username')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('audit_events')
            .select('audit_events.id')
            .where('audit_events.type', '=', 'user.created')
            .whereRef('audit_events.user_id', '=', 'users.id'),
        ),
      ),
    )
    .execute();
  expect(usersWithoutEvent).toEqual([]);

  const sessions = new Set((await db.selectFrom('sessions').select('token_hash').execute()).map((s) => s.token_hash));
  for (const { username, token } of [...done.sessions, ...done.redeemed])
    expect(sessions.has(sha256(token)), `session of ${username}`).toBe(true);
  const passkeys = new Map(
    (
      await db
        .selectFrom('passkeys')
        .innerJoin('users', 'users.id', 'passkeys.user_id')
        .select(['passkeys.credential_id', 'users.username'])
        .execute()
    ).map((p) => [p.credential_id, p.username]),
  );
  for (const { username, credentialId } of done.passkeys) expect(passkeys.get(credentialId)).toBe(username);
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'username', 'display_name']).execute()).map((u) => [u.id, u]),
  );
  for (const { id, username } of done.users) expect(users.get(id)?.username).toBe(username);
  for (const [id, displayName] of done.renamed) expect(users.get(id)?.display_name).toBe(displayName);
  // A used code is used for good: whichever instance is asked.
  for (const { username, code } of done.redeemed) {
    const again = await balancer.send(
      new ProcessBrowser(publicUrl, balancer.instances[0]!),
      'POST',
      '/api/o/acme/enroll',
      {
        username,
        code,
      },
    );
    expect(again.status, username).toBe(400);
  }
  expect(balancer.serverErrors()).toEqual([]);
}

const emptyDone = (): Done => ({ sessions: [], passkeys: [], users: [], renamed: new Map(), redeemed: [] });
const answered = (balancer: Balancer, name: string) =>
  [...balancer.tally.answers].filter(([key]) => key.startsWith(`${name} 2`)).reduce((n, [, count]) => n + count, 0);

describe.runIf(inject('postgresUrl') && inject('redisUrl'))(
  'kill -9 of one of three instances under load (PostgreSQL)',
  () => {
    it('leaves the others serving, nothing half-written, and every 2xx in the database', async () => {
      const database = await freshPostgresDatabase();
      cleanups.push(() => database.drop());
      const publicUrl = `http://localhost:${await freePort()}`;
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL: await freshRedisDatabase(12),
        PUBLIC_URL: publicUrl,
        API_REQUESTS_PER_MINUTE: '1000000',
      };
      const [A, B, C] = (await startInstances(['A', 'B', 'C'], env)) as [Instance, Instance, Instance];
      for (const instance of [A, B, C]) cleanups.push(() => killInstance(instance));
      const direct = directDeps(database.url, publicUrl);
      cleanups.push(() => direct.close());
      const balancer = new Balancer([A, B, C]);
      const world = await prepare(direct.deps, publicUrl, balancer);

      const done = emptyDone();
      const load = startLoad(balancer, publicUrl, world, done, 'pg');
      await sleep(4000);
      await killInstance(B);
      const before = { A: answered(balancer, 'A'), C: answered(balancer, 'C') };
      await sleep(4000);
      await load.stop();
      expect(load.errors).toEqual([]);
      // The survivors kept serving after the kill.
      expect(answered(balancer, 'A') - before.A).toBeGreaterThan(5);
      expect(answered(balancer, 'C') - before.C).toBeGreaterThan(5);
      expect(done.sessions.length).toBeGreaterThan(10);
      expect(done.passkeys.length).toBeGreaterThan(2);
      expect(done.redeemed.length).toBeGreaterThan(2);
      balancer.instances = [A, C];
      await checkConsistency(direct.deps, balancer, publicUrl, done);
    }, 300_000);
  },
);

describe('kill -9 of the single SQLite instance under load, and a restart', () => {
  it('restarts on the same file with nothing half-written and every 2xx in the database', async () => {
    const folder = tempDir('latchkey-kill9-');
    cleanups.push(() => folder.remove());
    const port = await freePort();
    const databaseUrl = `sqlite:${folder.dir}/latchkey.db`;
    const publicUrl = `http://localhost:${port}`;
    const env = { DATABASE_URL: databaseUrl, PUBLIC_URL: publicUrl, API_REQUESTS_PER_MINUTE: '1000000' };
    const first = await startInstance('S', env, { port });
    cleanups.push(() => killInstance(first));
    const direct = directDeps(databaseUrl, publicUrl);
    cleanups.push(() => direct.close());
    const balancer = new Balancer([first]);
    const world = await prepare(direct.deps, publicUrl, balancer);

    const done = emptyDone();
    const load = startLoad(balancer, publicUrl, world, done, 'sqlite');
    await sleep(4000);
    await killInstance(first);
    const beforeRestart = answered(balancer, 'S');
    const restarted = await startInstance('S', env, { port });
    cleanups.push(() => killInstance(restarted));
    balancer.replace(restarted);
    await sleep(3000);
    await load.stop();
    expect(load.errors).toEqual([]);
    expect(answered(balancer, 'S') - beforeRestart).toBeGreaterThan(5);
    expect(done.sessions.length).toBeGreaterThan(10);
    await checkConsistency(direct.deps, balancer, publicUrl, done);
  }, 300_000);
});
