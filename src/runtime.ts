import type { Config } from './config.js';
import { migrateToLatest, openDatabase, type Database } from './db/database.js';
import { createMailer } from './mail/mailer.js';
import { databaseCounters } from './ratelimit/database-counters.js';
import { redisCounters } from './ratelimit/redis-counters.js';
import type { Clock, Deps } from './shared/deps.js';

/** Opens the database (migrated) and the counter store named by the config. */
export async function openDeps(config: Config, clock: Clock = Date.now): Promise<{ deps: Deps; database: Database; close(): Promise<void> }> {
  const database = openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const counters = config.redisUrl ? redisCounters(config.redisUrl, clock) : databaseCounters(database.db, clock);
  const mailer = createMailer(config);
  const deps: Deps = { db: database.db, dialect: database.dialect, config, clock, counters, mailer };
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
