/**
 * Three real instances (bin/latchkey.js start; run `npm run build:server` first) on one PostgreSQL
 * database and one Redis, started at the same moment on the empty database, behave as one: every
 * ceremony may start on one and finish on another, sessions and limits are shared, a device-link
 * approval reaches the waiting page on another instance, and each outbox mail is sent once.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { queueMail } from '../../src/mail/outbox.js';
import { createApp } from '../../src/oidc/clients.js';
import { createOrganisation, type Organisation } from '../../src/orgs/organisations.js';
import type { Deps } from '../../src/shared/deps.js';
import { inTransaction } from '../../src/shared/transaction.js';
import { createUser, type User } from '../../src/users/users.js';
import { freePort } from '../support/free-port.js';
import {
  directDeps,
  freshPostgresDatabase,
  freshRedisDatabase,
  killInstance,
  ProcessBrowser,
  sleep,
  startInstances,
  type Instance,
} from '../support/instances.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const PASSWORD = 'correct horse battery';
const ATTEMPTS_PER_ACCOUNT = 10;

describe.runIf(inject('postgresUrl') && inject('redisUrl'))('three instances on one PostgreSQL and one Redis', () => {
  let A: Instance, B: Instance, C: Instance;
  let publicUrl: string;
  let deps: Deps;
  let org: Organisation;
  const users: Record<string, User> = {};
  let smtp: TestSmtpServer;
  const cleanups: Array<() => Promise<unknown>> = [];
  const browser = (on: Instance, authenticator?: ProcessBrowser['authenticator']) =>
    new ProcessBrowser(publicUrl, on, authenticator);

  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const redisUrl = await freshRedisDatabase(11);
    smtp = await startSmtpServer();
    cleanups.push(() => smtp.stop());
    publicUrl = `http://localhost:${await freePort()}`; // the load balancer's address
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      PUBLIC_URL: publicUrl,
      SMTP_URL: smtp.url,
      PASSWORD_ATTEMPTS_PER_ACCOUNT: String(ATTEMPTS_PER_ACCOUNT),
    };
    // All three at once on the empty database: migrations and first-start seeding must happen once.
    [A, B, C] = (await startInstances(['A', 'B', 'C'], env)) as [Instance, Instance, Instance];
    for (const instance of [A, B, C]) cleanups.push(() => killInstance(instance, 'SIGTERM'));

    const direct = directDeps(database.url, publicUrl, { SMTP_URL: smtp.url });
    cleanups.push(() => direct.close());
    deps = direct.deps;
    org = await createOrganisation(deps, {
      slug: 'acme',
      name: 'Acme',
      passkeysAvailable: true,
      passkeysEnabled: true,
    });
    users.ada = await createUser(deps, { org, username: 'ada', role: 'admin', password: PASSWORD });
    users.bob = await createUser(deps, { org, username: 'bob', password: PASSWORD, email: 'bob@acme.example' });
    users.carol = await createUser(deps, { org, username: 'carol' });
    users.dave = await createUser(deps, { org, username: 'dave', password: PASSWORD });
    users.erin = await createUser(deps, { org, username: 'erin', email: 'erin@acme.example' });
    users.frank = await createUser(deps, { org, username: 'frank', password: PASSWORD });
  }, 300_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 60_000);

  it('seeded the first start once, though three instances started together on the empty database', async () => {
    const orgs = await deps.db.selectFrom('organisations').select('slug').orderBy('slug').execute();
    expect(orgs.map((o) => o.slug)).toEqual(['acme', 'demo', 'platform']);
    const printed = [A, B, C].filter((i) => i.output().includes('First start')).length;
    expect(printed).toBe(1);
  });

  /** Bob, signed in with his password on A, with a passkey registered from options A gave and B verified. */
  let bobsPhone: ProcessBrowser;

  it('options from one instance, verified on another: registers A → B, signs in B → C, re-verifies C → A', async () => {
    bobsPhone = browser(A);
    expect(
      (await bobsPhone.post('/api/o/acme/sign-in/password', { identifier: 'bob', password: PASSWORD })).status,
    ).toBe(200);
    const registration = await bobsPhone.via(A).post('/api/o/acme/me/passkeys/options');
    expect(registration.status).toBe(200);
    const created = await bobsPhone.authenticator.register(registration.body.options);
    expect((await bobsPhone.via(B).post('/api/o/acme/me/passkeys', { response: created })).status).toBe(200);

    const laptop = browser(B, bobsPhone.authenticator); // the same passkey, synced to another browser
    const options = await laptop.post('/api/o/acme/sign-in/passkey/options', { identifier: 'bob' });
    expect(options.status).toBe(200);
    const assertion = await laptop.authenticator.authenticate(options.body.options);
    const signedIn = await laptop.via(C).post('/api/o/acme/sign-in/passkey/verify', { response: assertion });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.username).toBe('bob');
    const me = await laptop.via(A).get('/api/o/acme/me');
    expect(me.body.session.method).toBe('passkey');
    // The challenge was used on C: the same answer is refused on B.
    const replay = await laptop.via(B).post('/api/o/acme/sign-in/passkey/verify', { response: assertion });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('CHALLENGE_INVALID');

    const reverify = await laptop.via(C).post('/api/o/acme/me/reverify/passkey/options');
    expect(reverify.status).toBe(200);
    const proof = await laptop.authenticator.authenticate(reverify.body.options);
    const verified = await laptop.via(A).post('/api/o/acme/me/reverify/passkey/verify', { response: proof });
    expect(verified.status).toBe(200);
    const events = await deps.db
      .selectFrom('audit_events')
      .select('type')
      .where('user_id', '=', users.bob!.id)
      .where('type', '=', 'session.reverified')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('redeems on B an enrollment code issued on A, once', async () => {
    const admin = browser(A);
    expect((await admin.post('/api/o/acme/sign-in/password', { identifier: 'ada', password: PASSWORD })).status).toBe(
      200,
    );
    const issued = await admin.post(`/api/o/acme/admin/users/${users.carol!.id}/enrollment-code`);
    expect(issued.status).toBe(200);
    const carol = browser(B);
    const redeemed = await carol.post('/api/o/acme/enroll', { username: 'carol', code: issued.body.code });
    expect(redeemed.status).toBe(200);
    expect((await carol.via(C).get('/api/o/acme/me')).body.user.username).toBe('carol');
    const again = await browser(C).post('/api/o/acme/enroll', { username: 'carol', code: issued.body.code });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('ENROLLMENT_CODE_INVALID');
  });

  it('honours a session made on A on B, and ends it on every instance when it is signed out from C', async () => {
    const first = browser(A);
    expect((await first.post('/api/o/acme/sign-in/password', { identifier: 'frank', password: PASSWORD })).status).toBe(
      200,
    );
    expect((await first.via(B).get('/api/o/acme/me')).status).toBe(200);
    const second = browser(B);
    expect(
      (await second.post('/api/o/acme/sign-in/password', { identifier: 'frank', password: PASSWORD })).status,
    ).toBe(200);
    const revoked = await second.via(C).post('/api/o/acme/me/sessions/revoke-others');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);
    // At once, with no cache to expire on any instance.
    for (const instance of [A, B, C]) {
      expect((await first.via(instance).get('/api/o/acme/me')).status, instance.name).toBe(401);
      expect((await second.via(instance).get('/api/o/acme/me')).status, instance.name).toBe(200);
    }
  });

  it('shares one password limit: a parallel brute force over the three gets the attempts of one instance', async () => {
    const instances = [A, B, C];
    const attempts = await Promise.all(
      Array.from({ length: 3 * ATTEMPTS_PER_ACCOUNT }, (_, i) =>
        browser(instances[i % 3]!).post('/api/o/acme/sign-in/password', { identifier: 'dave', password: `guess ${i}` }),
      ),
    );
    const statuses = attempts.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(ATTEMPTS_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * ATTEMPTS_PER_ACCOUNT);
    // Locked on every instance, even for the right password.
    for (const instance of instances) {
      const right = await browser(instance).post('/api/o/acme/sign-in/password', {
        identifier: 'dave',
        password: PASSWORD,
      });
      expect(right.status, instance.name).toBe(429);
    }
  });

  it('brings a device-link approval made on B to the waiting page polling A within 2 s', async () => {
    const laptop = browser(A);
    const started = await laptop.post('/api/o/acme/device-link', { identifier: 'bob' });
    expect(started.status).toBe(200);
    // The waiting page polls its own instance once a second.
    let approvedSeenAt = 0;
    let polling = true;
    const poller = (async () => {
      while (polling && !approvedSeenAt) {
        const state = await laptop.get(`/api/o/acme/device-link/${started.body.id}`);
        if (state.body.state === 'approved') approvedSeenAt = Date.now();
        else await sleep(1000);
      }
    })().catch(() => {}); // a failure shows as no approval seen
    bobsPhone.via(B);
    const lookup = await bobsPhone.post('/api/o/acme/me/device-links/lookup', { code: started.body.code });
    expect(lookup.status).toBe(200);
    const options = await bobsPhone.post(`/api/o/acme/me/device-links/${started.body.id}/approve/options`);
    const response = await bobsPhone.authenticator.authenticate(options.body.options);
    const approved = await bobsPhone.post(`/api/o/acme/me/device-links/${started.body.id}/approve`, { response });
    expect(approved.status).toBe(200);
    const approvedAt = Date.now();
    await Promise.race([poller, sleep(2500)]);
    polling = false;
    expect(approvedSeenAt).toBeGreaterThan(0);
    expect(approvedSeenAt - approvedAt).toBeLessThan(2000);
    const completed = await laptop.post(`/api/o/acme/device-link/${started.body.id}/complete`);
    expect(completed.status).toBe(200);
    expect((await laptop.via(C).get('/api/o/acme/me')).body.session.method).toBe('device-link');
  });

  it('sends each outbox mail exactly once with three workers', async () => {
    smtp.clear();
    // Queued straight into the outbox, so the three workers race for them.
    const subjects = Array.from({ length: 12 }, (_, i) => `Mail ${i}`);
    await inTransaction(deps, async (tx) => {
      for (const subject of subjects)
        await queueMail(tx, {
          orgId: org.id,
          userId: users.erin!.id,
          purpose: 'enroll',
          to: 'erin@acme.example',
          subject,
          text: 'Hello',
          expiresAt: Date.now() + 3_600_000,
          createdBy: null,
        });
    });
    // And one through the API, which an instance tries at once while the workers poll.
    const admin = browser(C);
    await admin.post('/api/o/acme/sign-in/password', { identifier: 'ada', password: PASSWORD });
    expect((await admin.post(`/api/o/acme/admin/users/${users.erin!.id}/enrollment-email`, {})).status).toBe(200);
    const deadline = Date.now() + 15_000;
    const sent = async () =>
      (await deps.db.selectFrom('outbox').select('status').where('user_id', '=', users.erin!.id).execute()).filter(
        (r) => r.status === 'sent',
      ).length;
    while ((await sent()) < subjects.length + 1 && Date.now() < deadline) await sleep(200);
    await sleep(4500); // two more worker rounds: a mail sent twice would arrive now
    const received = smtp.messages.filter((m) => m.to.includes('erin@acme.example')).map((m) => m.subject);
    expect(received).toHaveLength(subjects.length + 1);
    expect(new Set(received).size).toBe(subjects.length + 1);
    for (const subject of subjects) expect(received).toContain(subject);
  });

  it('completes an OpenID Connect sign-in authorized on A, its token fetched from B and userinfo from C', async () => {
    const redirectUri = 'https://app.example/callback';
    const { app, clientSecret } = await createApp(deps, {
      orgId: org.id,
      name: 'Field App',
      public: false,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [],
      firstParty: true,
      backchannelLogoutUri: null,
      actor: null,
    });
    const publicOrigin = new URL(publicUrl).origin;
    let route: Instance = A;
    // The app reaches "the load balancer", which sends each of its requests to `route`.
    const viaRoute: oidc.CustomFetch = (url, options) =>
      fetch(url.replace(publicOrigin, `http://localhost:${route.port}`), options as RequestInit);
    const config = await oidc.discovery(
      new URL(`${publicUrl}/o/acme`),
      app.id,
      undefined,
      oidc.ClientSecretBasic(clientSecret!),
      { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: viaRoute },
    );
    config[oidc.customFetch] = viaRoute;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });

    // Bob's browser is signed in (on A); it follows the provider's redirects on A.
    const member = browser(A);
    await member.post('/api/o/acme/sign-in/password', { identifier: 'bob', password: PASSWORD });
    let url = authorize.href.slice(publicOrigin.length);
    let callback: string | undefined;
    for (let hops = 0; hops < 10 && !callback; hops++) {
      const answer = await member.get(url);
      const location = answer.headers.location;
      expect(answer.status, `${url}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBeGreaterThanOrEqual(300);
      const next = new URL(location!, publicOrigin);
      if (next.origin !== publicOrigin) callback = next.href;
      else url = next.pathname + next.search;
    }
    expect(callback?.startsWith(redirectUri)).toBe(true);

    route = B;
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.claims()).toMatchObject({ sub: users.bob!.id, iss: `${publicUrl}/o/acme` });
    route = C;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, users.bob!.id);
    expect(info).toMatchObject({ sub: users.bob!.id, preferred_username: 'bob' });
  });
});
