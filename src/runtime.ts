import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createMailer } from './mail/mailer.js';
import { databaseCounters } from './ratelimit/database-counters.js';
import { redisCounters } from './ratelimit/redis-counters.js';
import type { Clock, Deps } from './shared/deps.js';

/**
 * Opens the database (migrated) and the counter store named by the config. `warn`: where the notice of a
 * generated server secret goes (standard error, or the CLI's).
 */
export async function openDeps(
  config: Config,
  { clock = Date.now, warn }: { clock?: Clock; warn?: (line: string) => void } = {},
): Promise<{ deps: Deps; database: Database; close(): Promise<void> }> {
  const serverSecret = resolveServerSecret(config, warn);
  const database = openDatabase(config.databaseUrl, { preparedStatements: config.pgPreparedStatements });
  try {
    await migrateToLatest(database);
  } catch (error) {
    // Closed so a refused start ends the process instead of idling on an open pool.
    await database.destroy();
    throw error;
  }
  const counters = config.redisUrl ? await redisCounters(config.redisUrl, clock) : databaseCounters(database.db, clock);
  const mailer = createMailer(config);
  const deps: Deps = { db: database.db, dialect: database.dialect, config, clock, counters, mailer, serverSecret };
  return {
    deps,
    database,
    async close() {
      mailer?.close();
      await counters.close();
      await database.destroy();
    },
  };
}

/** Where the embedded SQLite default keeps its generated server secret: beside the database file. */
export function serverSecretFile(databaseUrl: string): string {
  return path.join(path.dirname(databaseUrl.slice('sqlite:'.length)), 'server-secret');
}

/**
 * SERVER_SECRET, or for the embedded SQLite default a secret generated once beside the database
 * (owner-only). PostgreSQL means several instances may share the database: they must share the secret too.
 */
export function resolveServerSecret(
  config: Config,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Buffer {
  if (config.serverSecret) return config.serverSecret;
  // Nothing outlives an in-memory database, so neither need its secret.
  if (config.databaseUrl === 'sqlite::memory:') return randomBytes(32);
  if (!config.databaseUrl.startsWith('sqlite:')) {
    throw new TypeError(
      'SERVER_SECRET must be set when DATABASE_URL is PostgreSQL: ' +
        'every instance needs the same one (e.g. openssl rand -base64 32)',
    );
  }
  const file = serverSecretFile(config.databaseUrl);
  if (!fs.existsSync(file)) {
    // The database's folder: owner only, as the database creates it (src/db/database.ts).
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
      warn(
        `WARNING: SERVER_SECRET is not set: generated one in ${file} (owner-only). Back it up with the database; ` +
          `losing it voids app signing keys and pending sign-in and enrollment codes.`,
      );
    } catch (error) {
      // Another process (a CLI command next to the server) made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  // A truncated or emptied file would silently weaken every key derived from it.
  if (secret.length < 32)
    throw new TypeError(`${file} must hold at least 32 characters: restore it from a backup, or set SERVER_SECRET`);
  return Buffer.from(secret, 'utf8');
}
