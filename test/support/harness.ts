import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Dialect } from '../../src/db/database.js';
import { createOrganisation, type Organisation } from '../../src/orgs/organisations.js';
import { createMailer } from '../../src/mail/mailer.js';
import { databaseCounters } from '../../src/ratelimit/database-counters.js';
import { redisCounters } from '../../src/ratelimit/redis-counters.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Deps } from '../../src/shared/deps.js';
import { createUser, type CreateUserInput, type User } from '../../src/users/users.js';
import { freshDatabase } from './databases.js';
import { SoftAuthenticator } from './soft-authenticator.js';

export const ORIGIN = 'http://localhost:3000';

export interface Harness {
  app: FastifyInstance;
  /**
   * Another server instance on the same database (its own connection pool on PostgreSQL) and, when
   * Redis is reachable, the same Redis counters: what two processes behind a load balancer share.
   * `serverSecret`: give it another SERVER_SECRET than this one (a misconfigured instance).
   */
  secondInstance(options?: { serverSecret?: Buffer }): Promise<FastifyInstance>;
  deps: Deps;
  /** Moves the injected clock forward; nothing sleeps. */
  advance(ms: number): void;
  org(slug?: string, name?: string): Promise<Organisation>;
  user(input: Omit<CreateUserInput, 'org'> & { org: Organisation }): Promise<User>;
  browser(): Browser;
  close(): Promise<void>;
}

/**
 * `logs`: collect every line the server logs (at debug level) into this array. `realTime`: start the
 * clock at the real time (for tests where another party, e.g. an OpenID client, checks times too).
 */
export async function createHarness(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: { logs?: string[]; realTime?: boolean; sqliteFile?: string } = {},
): Promise<Harness> {
  const database = await freshDatabase(dialect, options.sqliteFile);
  let now = options.realTime ? Date.now() : Date.UTC(2026, 10, 22, 9, 0, 0);
  const clock = () => now;
  const config: Config = loadConfig({ PUBLIC_URL: ORIGIN, WEB_ROOT: '/nonexistent', ...env });
  const redisUrl = inject('redisUrl');
  const redisPrefix = `latchkey-test:${randomBytes(4).toString('hex')}:`;
  const countersFor = async (db: Database['db']) =>
    redisUrl ? await redisCounters(redisUrl, clock, redisPrefix) : databaseCounters(db, clock);
  const deps: Deps = {
    db: database.db,
    dialect,
    config,
    clock,
    counters: await countersFor(database.db),
    mailer: createMailer(config),
    serverSecret: randomBytes(32),
  };
  const logs = options.logs;
  // Every error a route answers must be one it declares (OpenAPI, docs): collected, then checked at close.
  const undeclared = new Set<string>();
  const onUndeclaredError = (route: string, code: string) => void undeclared.add(`${route}: ${code}`);
  const app = await buildApp(deps, {
    logger: logs ? { level: 'debug', stream: { write: (line) => void logs.push(line) } } : false,
    onUndeclaredError,
  });
  const cleanups: Array<() => Promise<void>> = [];
  return {
    app,
    deps,
    async secondInstance(options = {}) {
      const second = database.schema ? openDatabase(inject('postgresUrl')!, { pgSchema: database.schema }) : undefined;
      const db = second?.db ?? database.db;
      const secondDeps: Deps = {
        ...deps,
        db,
        counters: await countersFor(db),
        serverSecret: options.serverSecret ?? deps.serverSecret,
      };
      const secondApp = await buildApp(secondDeps, { logger: false, onUndeclaredError });
      cleanups.push(async () => {
        await secondApp.close();
        await secondDeps.counters.close();
        await second?.destroy();
      });
      return secondApp;
    },
    advance: (ms) => void (now += ms),
    org: (slug = 'acme', name = 'Acme') =>
      createOrganisation(deps, { slug, name, passkeysAvailable: true, passkeysEnabled: true }),
    user: (input) => createUser(deps, input),
    browser: () => new Browser(app, undefined, config.publicUrl.origin),
    async close() {
      for (const cleanup of cleanups) await cleanup();
      await app.close();
      await deps.counters.close();
      deps.mailer?.close();
      await database.destroy();
      if (undeclared.size > 0)
        throw new Error(`Routes answered error codes they do not declare:\n${[...undeclared].join('\n')}`);
    },
  };
}

/** One browser: a cookie jar over app.inject, plus a software authenticator as its "device". */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly authenticator: SoftAuthenticator;
  /** The Host a browser at this origin sends (the server answers pages and the API only at PUBLIC_URL's host). */
  readonly host: string;
  constructor(
    public app: FastifyInstance,
    public userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
      '(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    origin = ORIGIN,
  ) {
    this.authenticator = new SoftAuthenticator({ origin });
    this.host = new URL(origin).host;
  }

  async request(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await this.send(method, url, body, headers);
    return {
      status: response.statusCode,
      body: response.body ? response.json() : undefined,
      headers: response.headers,
    };
  }

  /** The raw answer (pages, redirects, form posts), keeping this browser's cookies. */
  async send(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      headers: { host: this.host, 'user-agent': this.userAgent, ...(cookie ? { cookie } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    for (const c of response.cookies) {
      if (
        c.value === '' ||
        (c.maxAge !== undefined && c.maxAge <= 0) ||
        (c.expires && c.expires.getTime() < Date.now())
      )
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', url, body, headers);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);

  async signInWithPassword(org: string, identifier: string, password: string) {
    return this.post(`/api/o/${org}/sign-in/password`, { identifier, password });
  }

  /** Adds a passkey from this browser's authenticator (the session must be recently verified). */
  async addPasskey(org: string, name?: string) {
    const options = await this.post(`/api/o/${org}/me/passkeys/options`);
    if (options.status !== 200) return options;
    const response = await this.authenticator.register(options.body.options);
    return this.post(`/api/o/${org}/me/passkeys`, { response, ...(name ? { name } : {}) });
  }

  async signInWithPasskey(
    org: string,
    identifier?: string,
    overrides: Parameters<SoftAuthenticator['authenticate']>[1] = {},
  ) {
    const options = await this.post(`/api/o/${org}/sign-in/passkey/options`, identifier ? { identifier } : {});
    if (options.status !== 200) return options;
    const response = await this.authenticator.authenticate(options.body.options, overrides);
    return this.post(`/api/o/${org}/sign-in/passkey/verify`, { response });
  }
}
