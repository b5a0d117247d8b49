/**
 * SIGTERM and rolling restarts under sign-in load (bin/latchkey.js start; run `npm run build:server`
 * first). Members sign in with passkeys through a load balancer while each instance in turn gets
 * SIGTERM, exits and is started again. Every request either completed or was refused before it started
 * (connection refused, or 503 SHUTTING_DOWN), and every completed sign-in's session still exists and works.
 * The balancer health-checks /readyz, as SHUTDOWN_DELAY_SECONDS expects of the one in front of Latchkey.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createOrganisation } from '../../src/orgs/organisations.js';
import { sha256 } from '../../src/shared/crypto.js';
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

const PASSWORD = 'correct horse battery';
const MEMBERS = 4;
const SHUTDOWN = { SHUTDOWN_DELAY_SECONDS: '1', SHUTDOWN_GRACE_SECONDS: '10', API_REQUESTS_PER_MINUTE: '1000000' };

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}, 60_000);

/**
 * Members with a passkey sign in over and over, each time in a new browser (so no sign-in replaces
 * another's session), while `restart` runs; then every session a 2xx answered must work.
 */
async function signInLoadAcross(
  env: Record<string, string>,
  instances: Instance[],
  restart: (balancer: Balancer) => Promise<void>,
) {
  const publicUrl = env.PUBLIC_URL!;
  const direct = directDeps(env.DATABASE_URL!, publicUrl);
  cleanups.push(() => direct.close());
  const balancer = new Balancer(instances);
  cleanups.push(balancer.watchReadiness());
  const org = await createOrganisation(direct.deps, {
    slug: 'acme',
    name: 'Acme',
    passkeysAvailable: true,
    passkeysEnabled: true,
  });
  const members = await Promise.all(
    Array.from({ length: MEMBERS }, async (_, i) => {
      const username = `member${i}`;
      await createUser(direct.deps, { org, username, password: PASSWORD });
      const browser = new ProcessBrowser(publicUrl, instances[0]!);
      await balancer.send(browser, 'POST', '/api/o/acme/sign-in/password', {
        identifier: username,
        password: PASSWORD,
      });
      const options = await balancer.send(browser, 'POST', '/api/o/acme/me/passkeys/options');
      const response = await browser.authenticator.register(options.body.options);
      expect((await balancer.send(browser, 'POST', '/api/o/acme/me/passkeys', { response })).status).toBe(200);
      return { username, authenticator: browser.authenticator };
    }),
  );

  const completed: Array<{ username: string; browser: ProcessBrowser }> = [];
  const load = runLoad(MEMBERS, async (worker) => {
    const { username, authenticator } = members[worker]!;
    const browser = new ProcessBrowser(publicUrl, instances[0]!, authenticator);
    const options = await balancer.send(browser, 'POST', '/api/o/acme/sign-in/passkey/options', {
      identifier: username,
    });
    expect(options.status).toBe(200);
    const response = await authenticator.authenticate(options.body.options);
    const verified = await balancer.send(browser, 'POST', '/api/o/acme/sign-in/passkey/verify', { response });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    completed.push({ username, browser });
  });
  await sleep(1500);
  await restart(balancer);
  await sleep(1500);
  await load.stop();

  expect(load.errors).toEqual([]);
  // Nothing was cut mid-request: each request completed or was refused before it started.
  expect(balancer.tally.cut).toEqual([]);
  expect(balancer.serverErrors()).toEqual([]);
  // The instances that replaced the old ones served sign-ins.
  for (const instance of balancer.instances)
    expect(
      [...balancer.tally.answers.keys()].some((key) => key === `${instance.name} 200`),
      instance.name,
    ).toBe(true);
  const sessions = new Set(
    (await direct.deps.db.selectFrom('sessions').select('token_hash').where('revoked_at', 'is', null).execute()).map(
      (s) => s.token_hash,
    ),
  );
  for (const { username, browser } of completed) {
    expect(sessions.has(sha256(browser.sessionToken('acme')!)), username).toBe(true);
    const me = await balancer.send(browser, 'GET', '/api/o/acme/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(username);
  }
}

/** SIGTERM, then the process must exit 0 (everything in flight finished within the grace period). */
async function terminate(instance: Instance) {
  instance.child.kill('SIGTERM');
  expect(await instance.exited, instance.output()).toBe(0);
}

describe.runIf(inject('postgresUrl') && inject('redisUrl'))('a rolling restart of three instances (PostgreSQL)', () => {
  it('loses no completed sign-in, and cuts no request', async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: await freshRedisDatabase(13),
      PUBLIC_URL: `http://localhost:${await freePort()}`,
      ...SHUTDOWN,
    };
    const instances = await startInstances(['A', 'B', 'C'], env);
    for (const instance of instances) cleanups.push(() => killInstance(instance));
    await signInLoadAcross(env, instances, async (balancer) => {
      // One at a time, under load: the new instance starts and joins, the old one gets SIGTERM and drains out.
      for (const leaving of instances) {
        const fresh = await startInstance(`${leaving.name}2`, env);
        cleanups.push(() => killInstance(fresh));
        balancer.instances = [...balancer.instances, fresh];
        await sleep(500);
        await terminate(leaving);
        balancer.instances = balancer.instances.filter((instance) => instance !== leaving);
      }
    });
  }, 600_000);
});

describe('SIGTERM of the single SQLite instance under load, and a restart', () => {
  it('loses no completed sign-in, and cuts no request', async () => {
    const folder = tempDir('latchkey-rolling-');
    cleanups.push(() => folder.remove());
    const env = {
      DATABASE_URL: `sqlite:${folder.dir}/latchkey.db`,
      PUBLIC_URL: `http://localhost:${await freePort()}`,
      ...SHUTDOWN,
    };
    const first = await startInstance('S', env);
    cleanups.push(() => killInstance(first));
    await signInLoadAcross(env, [first], async (balancer) => {
      await terminate(first);
      const restarted = await startInstance('S2', env, { port: first.port });
      cleanups.push(() => killInstance(restarted));
      balancer.instances = [restarted];
    });
  }, 300_000);
});
