import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { enrollLink, orgCreate, orgSet, userCreate, type PublicUrlState } from './cli/commands.js';
import { USAGE, UsageError } from './cli/usage.js';
import { userSet, userStatus } from './cli/user-commands.js';
import { backup } from './cli/backup-command.js';
import {
  clientCreate,
  clientDelete,
  clientList,
  clientRotateSecret,
  clientStatus,
  keysRotate,
} from './cli/app-commands.js';
import { loadConfig, unsafeDefaults } from './config.js';
import { openDatabase } from './db/database.js';
import { DatabaseNewerThanCodeError, migrateToLatest } from './db/migrate.js';
import { isAppError } from './errors.js';
import { bootstrapIfEmpty } from './orgs/bootstrap.js';
import { appsLoggingOutInside } from './oidc/clients.js';
import { startOutboxWorker } from './mail/worker.js';
import { startAuditRetention } from './audit/retention-worker.js';
import { startChallengeSweep } from './passkeys/challenge-sweep.js';
import { startSessionPruning } from './sessions/prune-sessions.js';
import { openDeps } from './runtime.js';
import { authenticatorIcons } from './passkeys/authenticator-icons.js';
import { lastPublicUrl, recordPublicUrl } from './server-state/public-url.js';
import { userImport } from './cli/import-command.js';
import type { CliIo } from './cli/io.js';
import { shutDown } from './shutdown.js';
import { assertCanListen, ListenError, listenFailure } from './listen-check.js';
import type { Deps } from './shared/deps.js';

export { processIo, type CliIo } from './cli/io.js';

/** Coded errors that mean the arguments were wrong (exit 2), not that the command failed (exit 1). */
const BAD_INPUT = new Set<string>(['VALIDATION_FAILED', 'APP_INVALID', 'IMPORT_INVALID', 'IMPORT_TOO_LARGE']);

/**
 * Listens without Fastify's "Server listening at http://127.0.0.1:3000" line: the bound address is
 * not where people should go (a passkey only works at PUBLIC_URL's host); start() prints that instead.
 * A port that cannot be had is one line (ListenError), not Node's stack trace.
 */
async function listenQuietly(app: FastifyInstance, options: { host: string; port: number }): Promise<void> {
  const level = app.log.level;
  if (['info', 'debug', 'trace'].includes(level)) app.log.level = 'warn';
  try {
    await app.listen(options);
  } catch (error) {
    throw listenFailure(error, options) ?? error;
  } finally {
    app.log.level = level;
  }
}

/** `latchkey start`: serves until SIGINT or SIGTERM, which end the process (so only run in a process of its own). */
async function start(args: string[], io: CliIo): Promise<void> {
  const { out, err } = io;
  const unknown = args.filter((arg) => arg !== '--verbose');
  if (unknown.length > 0) throw new UsageError(`start takes only --verbose (got "${unknown[0]}")`);
  const verbose = args.includes('--verbose');
  const config = loadConfig(io.env, io.cwd, { terminal: io.terminal, verbose });
  // A bad AAGUID_METADATA_FILE is a configuration error, found before anything opens (the list is kept).
  authenticatorIcons(config);
  // A port another program holds stops it here, before the data folder, a secret or a setup link is made.
  await assertCanListen({ host: config.host, port: config.port });
  for (const warning of unsafeDefaults(config)) err(`WARNING: ${warning}`);
  const runtime = await openDeps(config, { warn: err });
  const app = await buildApp(runtime.deps);
  let workers: Array<{ stop(): Promise<void> }> = [];
  app.addHook('onClose', async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await runtime.close();
  });
  try {
    // Listening first: the address is recorded and the setup links printed only once they lead to this server.
    await listenQuietly(app, { host: config.host, port: config.port });
    // For the CLI run later without this environment: the links it prints must be this server's.
    await recordPublicUrl(runtime.deps);
    await printFirstStartLinks(runtime.deps, out);
    for (const inside of await appsLoggingOutInside(runtime.deps))
      err(
        `WARNING: the ${inside.org} organisation's app "${inside.name}" has a back-channel logout URI on this ` +
          "server's own network: it is not sent logouts while INTERNAL_APP_ADDRESSES is off.",
      );
  } catch (error) {
    await app.close();
    throw error;
  }
  // Started once listening: the outbox and the sweeps (a long delete on a big log) can wait, probes cannot.
  workers = [
    startOutboxWorker(runtime.deps, { log: err }),
    startAuditRetention(runtime.deps, { log: err }),
    startChallengeSweep(runtime.deps, { log: err }),
    startSessionPruning(runtime.deps, { log: err }),
  ];
  // One line for the person starting it: where to go, and where the request logs went.
  const logs =
    config.logLevel === 'warn' && !config.fromEnvironment.logLevel
      ? '; request logs: latchkey start --verbose'
      : `; log level ${config.logLevel}`;
  out(
    `Latchkey is listening on ${config.publicUrl.origin} (sign in at ` +
      `${new URL('/o/demo/sign-in', config.publicUrl)}${logs})`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return; // a second signal does not cut the grace period short
    stopping = true;
    err(`${signal}: shutting down (in-flight requests have ${config.shutdownGraceMs / 1000} s to finish)`);
    // Whatever hangs (a pool that will not close), the process still ends.
    setTimeout(() => process.exit(1), config.shutdownDelayMs + config.shutdownGraceMs + 5000).unref();
    shutDown(app, config, err).then(
      (code) => process.exit(code),
      (error: unknown) => {
        err(`latchkey: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** On the first start with an empty database, seeds it and prints the one-time setup links (bootstrap.ts). */
async function printFirstStartLinks(deps: Deps, out: (line: string) => void): Promise<void> {
  for (const seed of await bootstrapIfEmpty(deps)) {
    out(
      `First start: set up the ${seed.org} organisation's first ${seed.org === 'platform' ? 'operator' : 'admin'} ` +
        `(${seed.username}) with this one-time link:`,
    );
    out(`  ${seed.link.url}`);
    out(`  (works once, within 24 hours; later: latchkey enroll-link --org ${seed.org} --username ${seed.username})`);
  }
}

/** Runs one CLI command with the given environment and streams; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { out, err, readStdin } = io;
  const [command, ...rest] = argv;
  try {
    if (command === 'start') {
      await start(rest, io);
      return 0;
    }
    if (command === 'migrate') {
      const database = openDatabase(loadConfig(io.env, io.cwd).databaseUrl);
      let applied: string[];
      try {
        applied = await migrateToLatest(database);
      } finally {
        await database.destroy();
      }
      out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    // Never opens the database through openDeps: a backup neither migrates nor generates a secret.
    if (command === 'backup') return await backup(loadConfig(io.env, io.cwd), rest, out, err);
    const subcommand = `${command ?? ''} ${rest[0] ?? ''}`.trim();
    type CliDeps = Awaited<ReturnType<typeof openDeps>>['deps'];
    const handlers: Record<string, (deps: CliDeps, url: PublicUrlState) => Promise<void>> = {
      'org create': (deps, url) => orgCreate(deps, rest.slice(1), out, url),
      'org set': (deps) => orgSet(deps, rest.slice(1), out),
      'user create': (deps) => userCreate(deps, rest.slice(1), out, readStdin),
      'user set': (deps) => userSet(deps, rest.slice(1), out),
      'user disable': (deps) => userStatus(deps, 'disable', rest.slice(1), out),
      'user enable': (deps) => userStatus(deps, 'enable', rest.slice(1), out),
      'user delete': (deps) => userStatus(deps, 'delete', rest.slice(1), out),
      'user import': (deps, url) => userImport(deps, rest.slice(1), out, url),
      'enroll-link': (deps, url) => enrollLink(deps, rest, out, url),
      'client create': (deps) => clientCreate(deps, rest.slice(1), out),
      'client list': (deps) => clientList(deps, rest.slice(1), out),
      'client delete': (deps) => clientDelete(deps, rest.slice(1), out),
      'client disable': (deps) => clientStatus(deps, 'disable', rest.slice(1), out),
      'client enable': (deps) => clientStatus(deps, 'enable', rest.slice(1), out),
      'client rotate-secret': (deps) => clientRotateSecret(deps, rest.slice(1), out),
      'keys rotate': (deps) => keysRotate(deps, rest.slice(1), out),
    };
    const key = command === 'enroll-link' ? 'enroll-link' : subcommand;
    const handler = handlers[key];
    if (!handler) {
      if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
        out(USAGE);
        return command === undefined ? 2 : 0;
      }
      throw new UsageError(`unknown command "${[command, rest[0]].filter(Boolean).join(' ')}"`);
    }
    const config = loadConfig(io.env, io.cwd);
    const runtime = await openDeps(config, { warn: err });
    try {
      // Without PUBLIC_URL, links use the address the server last started with, or are refused.
      const stored = config.fromEnvironment.publicUrl ? null : await lastPublicUrl(runtime.deps);
      // The database stays open: only the links' address changes (nothing opened depends on it).
      const deps = {
        ...runtime.deps,
        ...(stored && { config: loadConfig(io.env, io.cwd, { publicUrl: stored }) }),
        via: 'cli' as const,
      };
      await handler(deps, publicUrlState(config.fromEnvironment.publicUrl || Boolean(stored)));
    } finally {
      await runtime.close();
    }
    return 0;
  } catch (error) {
    return reportError(error, err);
  }
}

function publicUrlState(known: boolean): PublicUrlState {
  return {
    known,
    require() {
      if (!this.known)
        throw new TypeError(
          'PUBLIC_URL is not set and no server has started on this database yet: ' +
            'set PUBLIC_URL to the address members use (e.g. PUBLIC_URL=https://login.example.com), ' +
            'so that the links printed work',
        );
    },
  };
}

/** The exit code for what went wrong, with one line (or the usage) on standard error. */
function reportError(error: unknown, err: (line: string) => void): number {
  // The port is taken (or not this user's, or not this machine's): what to do, in one line.
  if (error instanceof ListenError) {
    err(`latchkey: ${error.message}`);
    return 1;
  }
  if (error instanceof UsageError) {
    err(`latchkey: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  // Not a failure to retry: this release must not run against that database (exit 2, like bad configuration).
  if (error instanceof DatabaseNewerThanCodeError) {
    err(`latchkey: ${error.message} [${error.code}]`);
    return 2;
  }
  if (isAppError(error)) {
    const detail = error.details
      ? ` (${Object.entries(error.details)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join(', ')})`
      : '';
    err(`latchkey: ${error.message}${detail} [${error.code}]`);
    return BAD_INPUT.has(error.code) ? 2 : 1;
  }
  if (error instanceof TypeError && /must|PUBLIC_URL|DATABASE_URL/.test(error.message)) {
    err(`latchkey: configuration: ${error.message}`);
    return 2;
  }
  err(`latchkey: ${(error as Error).stack ?? String(error)}`);
  return 1;
}
