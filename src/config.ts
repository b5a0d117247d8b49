import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  /** Where people reach Latchkey; its host is the WebAuthn RP ID, its origin an expected origin. */
  readonly publicUrl: URL;
  readonly rpId: string;
  readonly rpName: string;
  readonly host: string;
  readonly port: number;
  /** `sqlite:<file>` or `postgres://…` */
  readonly databaseUrl: string;
  readonly redisUrl?: string;
  /** PostgreSQL: hot statements prepared by name on each connection (off for a pooler that cannot keep them). */
  readonly pgPreparedStatements: boolean;
  /**
   * Behind reverse proxies, which hops of X-Forwarded-For to believe: false (none), a number of
   * proxies, or the proxies' addresses/CIDRs. Never "all": the left-most entry is the client's to write.
   */
  readonly trustProxy: false | number | readonly string[];
  /** Requests per minute per IP address to the API, before any per-account limit. */
  readonly apiRequestsPerMinute: number;
  /** Slow clients: the whole request, its headers, and an idle kept-alive connection each have a deadline. */
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once from one address; 0 = no ceiling (a proxy in front enforces its own). */
  readonly maxConnectionsPerIp: number;
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** Which settings came from the environment rather than a default: the CLI and start-up output say so. */
  readonly fromEnvironment: { readonly publicUrl: boolean; readonly logLevel: boolean };
  readonly sessionIdleMinutes: number;
  readonly sessionMaxDays: number;
  readonly setupLinkDays: number;
  /**
   * Password attempts before a back-off: per account from unknown browsers, per trusted browser, per
   * session (re-verification). The first lock lasts the window; each further failure doubles it, up to the maximum.
   */
  readonly passwordAttemptsPerAccount: number;
  /** Password attempts per IP address in each window (unknown browsers). */
  readonly passwordAttemptsPerIp: number;
  readonly passwordAttemptWindowMinutes: number;
  readonly passwordLockoutMaxMinutes: number;
  /** Password checks (argon2id) running at once; more wait in a queue of passwordHashesWaiting, then 503. */
  readonly passwordHashesRunning: number;
  readonly passwordHashesWaiting: number;
  /** Passkeys one member may have: bounds what a stolen session can add and what sign-in lists. */
  readonly maxPasskeysPerUser: number;
  /** /metrics is served only with this bearer token (it shows sign-in volumes). */
  readonly metricsToken?: string;
  /**
   * Whether apps' back-channel logout may reach this server's own network (loopback, private and link-local
   * addresses). Off, an organisation's admin cannot make Latchkey send requests there.
   */
  readonly internalAppAddresses: boolean;
  /** smtp://user:pass@host:port or smtps://…; without it, mail is queued and admins copy links by hand. */
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /**
   * SERVER_SECRET: the key behind signing-key encryption and short-code HMACs. Without it the
   * embedded default keeps one in the data folder; several instances must share one.
   */
  readonly serverSecret?: Buffer;
  /** SIGTERM: seconds /readyz answers 503 while still serving (so a load balancer stops sending first). */
  readonly shutdownDelayMs: number;
  /** SIGTERM: then at most this long for in-flight requests to finish before their connections are cut. */
  readonly shutdownGraceMs: number;
  /** Audit events older than this many days are pruned by the worker; undefined keeps them forever. */
  readonly auditRetentionDays?: number;
  /** Directory of the built front end. */
  readonly webRoot: string;
  /** AAGUID_METADATA_FILE: a newer aaguid.json the operator downloaded, instead of the vendored one (icons). */
  readonly aaguidMetadataFile?: string;
}

type Env = Record<string, string | undefined>;

const cores = os.availableParallelism();

function intFrom(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  // An invalid limit is a start-up error, never silently replaced by a default.
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

// proxy-addr's names for address ranges, besides addresses and CIDRs.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function onOffFrom(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new TypeError(`${name} must be on or off`);
  return raw === 'on';
}

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = net.isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function trustProxyFrom(env: Env): Config['trustProxy'] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') {
    throw new TypeError(
      'TRUST_PROXY must be the number of proxies in front of Latchkey (TRUST_PROXY=1) or their addresses ' +
        '(TRUST_PROXY=10.0.0.0/8), not true: true would believe any X-Forwarded-For a client writes',
    );
  }
  if (/^\d+$/.test(raw)) return intFrom(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isAddressOrCidr(e));
  if (bad !== undefined)
    throw new TypeError(
      'TRUST_PROXY must be a number of proxies (1 to 10) or a comma-separated list of proxy addresses or CIDRs ' +
        `(got "${bad}")`,
    );
  return Object.freeze(entries);
}

/** AUDIT_RETENTION_DAYS: unset or empty keeps audit events forever; never a silent default. */
function auditRetentionFrom(env: Env): number | undefined {
  const raw = env.AUDIT_RETENTION_DAYS;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 36_500)
    throw new TypeError(
      `AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36500, or unset to keep audit events forever ` +
        `(got "${raw}")`,
    );
  return Number(raw);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** How `latchkey start` was run, for defaults that depend on it. */
export interface StartOptions {
  /** Standard output is a terminal (a person watching the first start), not a log collector. */
  terminal?: boolean;
  /** `--verbose`: request logs as well (LOG_LEVEL=info). */
  verbose?: boolean;
  /** The CLI without PUBLIC_URL: the address the server last started with, as if PUBLIC_URL said it. */
  publicUrl?: string;
}

/**
 * LOG_LEVEL if set; else `info` for a log collector or with --verbose; else, in a terminal, `warn`:
 * two JSON lines per request would bury the first-start links and the address to open.
 */
function logLevelFrom(env: Env, start: StartOptions): string {
  const raw = env.LOG_LEVEL || undefined;
  if (raw !== undefined && !LOG_LEVELS.includes(raw))
    throw new TypeError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`);
  return raw ?? (start.terminal && !start.verbose ? 'warn' : 'info');
}

export function loadConfig(env: Env = process.env, cwd = process.cwd(), start: StartOptions = {}): Config {
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const rawUrl = env.PUBLIC_URL ?? start.publicUrl ?? `http://localhost:${port}`;
  let publicUrl: URL;
  try {
    publicUrl = new URL(rawUrl);
  } catch {
    throw new TypeError(`PUBLIC_URL is not a URL (got "${rawUrl}")`);
  }
  if (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:') {
    throw new TypeError('PUBLIC_URL must start with https:// (or http://localhost for development)');
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(publicUrl.hostname) || publicUrl.hostname.startsWith('[')) {
    throw new TypeError('PUBLIC_URL must use a host name, not an IP address: an IP address cannot be a WebAuthn RP ID');
  }
  const databaseUrl = env.DATABASE_URL || `sqlite:${path.join(cwd, 'data', 'latchkey.db')}`;
  if (!databaseUrl.startsWith('sqlite:') && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new TypeError('DATABASE_URL must be sqlite:<file> or postgres://…');
  }
  const requestTimeoutSeconds = intFrom(env, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600);
  const headersTimeoutSeconds = intFrom(env, 'HEADERS_TIMEOUT_SECONDS', 10, 1, 3600);
  // Node refuses a headers deadline later than the whole request's.
  if (headersTimeoutSeconds > requestTimeoutSeconds)
    throw new TypeError(
      `HEADERS_TIMEOUT_SECONDS must not be more than REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds})`,
    );
  const smtpUrl = env.SMTP_URL || undefined;
  const window = intFrom(env, 'PASSWORD_ATTEMPT_WINDOW_MINUTES', 15, 1, 24 * 60);
  const lockoutMax = intFrom(env, 'PASSWORD_LOCKOUT_MAX_MINUTES', 24 * 60, 1, 30 * 24 * 60);
  if (lockoutMax < window)
    throw new TypeError('PASSWORD_LOCKOUT_MAX_MINUTES must be at least PASSWORD_ATTEMPT_WINDOW_MINUTES');
  if (smtpUrl && !/^smtps?:\/\/[^/]/.test(smtpUrl))
    throw new TypeError('SMTP_URL must be smtp://host:port or smtps://host:port');
  const rawSecret = env.SERVER_SECRET || undefined;
  if (rawSecret !== undefined && rawSecret.length < 32)
    throw new TypeError('SERVER_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)');
  return Object.freeze({
    publicUrl,
    rpId: publicUrl.hostname,
    rpName: env.RP_NAME || 'Latchkey',
    host: env.HOST || (publicUrl.hostname === 'localhost' ? '127.0.0.1' : '0.0.0.0'),
    port,
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    pgPreparedStatements: onOffFrom(env, 'PG_PREPARED_STATEMENTS', true),
    trustProxy: trustProxyFrom(env),
    apiRequestsPerMinute: intFrom(env, 'API_REQUESTS_PER_MINUTE', 600, 1, 1_000_000),
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    headersTimeoutMs: headersTimeoutSeconds * 1000,
    keepAliveTimeoutMs: intFrom(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', 5, 1, 600) * 1000,
    maxConnectionsPerIp: intFrom(env, 'MAX_CONNECTIONS_PER_IP', 100, 0, 1_000_000),
    secureCookies: publicUrl.protocol === 'https:',
    logLevel: logLevelFrom(env, start),
    fromEnvironment: { publicUrl: Boolean(env.PUBLIC_URL), logLevel: Boolean(env.LOG_LEVEL) },
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 7 * 24 * 60, 5, 90 * 24 * 60),
    sessionMaxDays: intFrom(env, 'SESSION_MAX_DAYS', 30, 1, 365),
    setupLinkDays: intFrom(env, 'SETUP_LINK_DAYS', 7, 1, 90),
    passwordAttemptsPerAccount: intFrom(env, 'PASSWORD_ATTEMPTS_PER_ACCOUNT', 10, 1, 10_000),
    passwordAttemptsPerIp: intFrom(env, 'PASSWORD_ATTEMPTS_PER_IP', 100, 1, 1_000_000),
    // A core stays the event loop's (on two cores, one hash at a time: passkey sign-ins keep their core and a password
    // flood costs 19 MiB less), and at most two: argon2 is what a password flood would take every core for.
    passwordHashesRunning: intFrom(env, 'PASSWORD_HASHES_RUNNING', Math.min(2, Math.max(1, cores - 1)), 1, 64),
    passwordHashesWaiting: intFrom(env, 'PASSWORD_SIGN_IN_QUEUE', 64, 0, 10_000),
    passwordAttemptWindowMinutes: window,
    passwordLockoutMaxMinutes: lockoutMax,
    maxPasskeysPerUser: intFrom(env, 'MAX_PASSKEYS_PER_USER', 20, 1, 100),
    metricsToken: env.METRICS_TOKEN || undefined,
    // On by default only in development (Latchkey itself on localhost, its apps beside it).
    internalAppAddresses: onOffFrom(env, 'INTERNAL_APP_ADDRESSES', publicUrl.hostname === 'localhost'),
    smtpUrl,
    mailFrom: env.MAIL_FROM || `Latchkey <no-reply@${publicUrl.hostname}>`,
    serverSecret: rawSecret === undefined ? undefined : Buffer.from(rawSecret, 'utf8'),
    shutdownDelayMs: intFrom(env, 'SHUTDOWN_DELAY_SECONDS', 0, 0, 300) * 1000,
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_SECONDS', 10, 1, 600) * 1000,
    auditRetentionDays: auditRetentionFrom(env),
    webRoot: env.WEB_ROOT || builtWebRoot(cwd),
    aaguidMetadataFile: env.AAGUID_METADATA_FILE ? path.resolve(cwd, env.AAGUID_METADATA_FILE) : undefined,
  });
}

/** Settings that are fine for trying Latchkey on one machine but not for production. */
export function unsafeDefaults(config: Config): string[] {
  const warnings: string[] = [];
  if (!config.secureCookies) {
    warnings.push(
      `PUBLIC_URL is ${config.publicUrl.origin}: cookies are not marked Secure. Use https:// in production.`,
    );
  }
  if (!config.smtpUrl) {
    warnings.push(
      'SMTP_URL is not set: no email is sent; admins copy each enrollment link from the console and pass it on.',
    );
  }
  if (config.databaseUrl.startsWith('sqlite:')) {
    warnings.push(
      'Using the embedded SQLite database: fine for one instance; set DATABASE_URL=postgres://… to run several.',
    );
  } else if (!config.redisUrl) {
    warnings.push(
      'REDIS_URL is not set: API_REQUESTS_PER_MINUTE is counted by each instance on its own; with several ' +
        'instances set REDIS_URL (password and code attempts are counted in the database either way).',
    );
  }
  return warnings;
}

/**
 * The front end built with this code: `dist/web` of the Latchkey it runs from (the nearest folder above the code
 * with a package.json: the bundle is dist/server.js, the sources src/), whatever folder it was started in, and
 * never a folder above that package; `./dist/web` when that package has none.
 */
function builtWebRoot(cwd: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
    const web = path.join(dir, 'dist', 'web');
    if (fs.existsSync(path.join(web, 'index.html'))) return web;
    break;
  }
  return path.join(cwd, 'dist', 'web');
}
