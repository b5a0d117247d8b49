/**
 * Real server processes for the operations tests: `bin/latchkey.js start` (the production build, so
 * run `npm run build:server` first) on ephemeral ports, a PostgreSQL database of their own, a
 * Redis database of their own, and a browser (cookie jar and passkey authenticator over real HTTP)
 * that can send each request to any instance, as a load balancer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createMailer } from '../../src/mail/mailer.js';
import { databaseCounters } from '../../src/ratelimit/database-counters.js';
import type { Deps } from '../../src/shared/deps.js';
import { freePort } from './free-port.js';
import { SoftAuthenticator } from './soft-authenticator.js';

export const BIN = path.resolve(import.meta.dirname, '../../bin/latchkey.js');
export const SERVER_SECRET = 'operations-test-server-secret-0123456789';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Log lines are written in batches (at most LOG_FLUSH_MS late): wait for one, up to 5 s on a loaded machine. */
export async function waitForOutput(instance: Pick<Instance, 'output'>, pattern: RegExp): Promise<void> {
  for (const deadline = Date.now() + 5_000; !pattern.test(instance.output()); await sleep(20))
    if (Date.now() > deadline) throw new Error(`not in the output within 5 s: ${pattern}`);
}

export interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  running(): boolean;
}

/**
 * Starts `latchkey start` and waits until it listens. `publicUrl`: the address every instance shares
 * (the load balancer's); `port`: listen here (a restart on the same port), otherwise a free one.
 */
export async function startInstance(
  name: string,
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<Instance> {
  const port = options.port ?? (await freePort());
  // Run as a program, as `npx latchkey start` does: its first lines start Node with the server's flags.
  const child = spawn(BIN, ['start'], {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      SERVER_SECRET,
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Generous: a loaded two-core machine takes seconds to load the server's modules.
  const deadline = Date.now() + 120_000;
  while (!output.includes('Latchkey is listening')) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${output}`);
    }
    await sleep(50);
  }
  return {
    name,
    port,
    child,
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/** What an instance printed at first start: organisation → its one-time setup link. */
export function setupLinks(instance: Instance): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of instance.output().matchAll(/(http:\/\/\S+\/o\/([a-z0-9-]+)\/setup#token=\S+)/g))
    links[match[2]!] = match[1]!;
  return links;
}

/** Starts several instances at once (on the same empty database: they migrate and seed it together); all or none. */
export async function startInstances(names: string[], env: Record<string, string>): Promise<Instance[]> {
  const started = await Promise.allSettled(names.map((name) => startInstance(name, env)));
  const failed = started.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
  const instances = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failed.length > 0) {
    await Promise.all(instances.map((instance) => killInstance(instance)));
    throw new Error(failed.join('\n'));
  }
  return instances;
}

/** Ends an instance that is still running (SIGKILL) and waits for it. */
export async function killInstance(instance: Instance, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (instance.running()) instance.child.kill(signal);
  await instance.exited;
}

/** A new, empty PostgreSQL database for one test file's processes (they migrate it themselves). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresUrl')!;
  const name = `lk_proc_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * A Redis logical database of this test file's own, emptied: the processes use the production key
 * prefix, which other files' processes share. `index` must be unique among the test files (1–15).
 */
export async function freshRedisDatabase(index: number): Promise<string> {
  const url = new URL(inject('redisUrl')!);
  url.pathname = `/${index}`;
  const redis = new Redis(url.toString());
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  return url.toString();
}

/** The test's own connection to the instances' database, with the instances' secret: to seed and to check. */
export function directDeps(
  databaseUrl: string,
  publicUrl: string,
  env: Record<string, string> = {},
): { deps: Deps; database: Database; close(): Promise<void> } {
  const database = openDatabase(databaseUrl);
  const config = loadConfig({ PUBLIC_URL: publicUrl, WEB_ROOT: '/nonexistent', DATABASE_URL: databaseUrl, ...env });
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    config,
    clock: Date.now,
    counters: databaseCounters(database.db, Date.now),
    mailer: createMailer(config),
    serverSecret: Buffer.from(SERVER_SECRET, 'utf8'),
  };
  return {
    deps,
    database,
    async close() {
      deps.mailer?.close();
      await database.destroy();
    },
  };
}

export interface Answer {
  status: number;
  /** The parsed JSON (tests read it field by field, as they do app.inject answers), or the text. */
  body: any;
  headers: http.IncomingHttpHeaders;
}

/**
 * One HTTP request on a connection of its own (as nginx talks to its upstreams by default), so a
 * refusal is unambiguous: ECONNREFUSED is "never started", a reset is "outcome unknown".
 */
export function httpRequest(
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent: false,
        headers: {
          ...headers,
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (d) => (text += d));
        response.on('error', reject);
        response.on('end', () => {
          let parsed: unknown = text;
          if ((response.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
          resolve({ status: response.statusCode!, body: parsed, headers: response.headers });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * A browser behind the load balancer: one cookie jar and one passkey authenticator, whose requests
 * can each go to any instance. Host and Origin are the shared public address.
 */
export class ProcessBrowser {
  readonly cookies = new Map<string, string>();
  readonly authenticator: SoftAuthenticator;
  userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
  constructor(
    readonly publicUrl: string,
    public target: Instance,
    /** The same device's authenticator in another browser profile (the passkey it holds). */
    authenticator?: SoftAuthenticator,
  ) {
    this.authenticator = authenticator ?? new SoftAuthenticator({ origin: new URL(publicUrl).origin });
  }

  /** Sends the following requests to `instance`. */
  via(instance: Instance): this {
    this.target = instance;
    return this;
  }

  async request(method: string, url: string, body?: unknown): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const answer = await httpRequest(
      this.target.port,
      method,
      url,
      {
        host: new URL(this.publicUrl).host,
        'user-agent': this.userAgent,
        ...(method !== 'GET' ? { origin: new URL(this.publicUrl).origin } : {}),
        ...(cookie ? { cookie } : {}),
      },
      method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}),
    );
    for (const line of [answer.headers['set-cookie'] ?? []].flat()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      const gone = attributes.some(
        (a) => /^max-age=(0|-)/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
      );
      if (!value || gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return answer;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}) => this.request('POST', url, body);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);

  /** Redeems a one-time setup link the server printed (signs in as that user). */
  redeemSetupLink(link: string) {
    const url = new URL(link);
    return this.post(`/api${url.pathname}`, { token: url.hash.slice('#token='.length) });
  }

  async addPasskey(org: string) {
    const options = await this.post(`/api/o/${org}/me/passkeys/options`);
    if (options.status !== 200) return options;
    const response = await this.authenticator.register(options.body.options);
    return this.post(`/api/o/${org}/me/passkeys`, { response });
  }

  async signInWithPasskey(org: string) {
    const options = await this.post(`/api/o/${org}/sign-in/passkey/options`);
    if (options.status !== 200) return options;
    const response = await this.authenticator.authenticate(options.body.options);
    return this.post(`/api/o/${org}/sign-in/passkey/verify`, { response });
  }

  /** The session cookie of `org` (to find its session in the database by the token's hash). */
  sessionToken(org: string): string | undefined {
    return this.cookies.get(`lk_session_${org}`);
  }
}

/** A temporary folder for an SQLite database, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
