import { deleteInBatches } from '../db/batched-delete.js';
import { describeFailure } from '../db/unavailable.js';
import { idFloorAt } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { startPeriodic } from '../shared/periodic.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** How long a session is kept once it has expired: the member's sessions and the admin's view show live ones only. */
export const EXPIRED_SESSION_KEEP_DAYS = 30;
/** Rows per delete statement (deleteInBatches). */
export const SESSION_PRUNE_BATCH = 1000;

/**
 * Deletes the sessions expired more than EXPIRED_SESSION_KEEP_DAYS ago, except each member's newest (the admin's
 * "last sign-in"), `batchSize` rows per statement. Every sign-in adds a session: without this the table, and its
 * indexes every sign-in writes to, grow for ever. Returns how many were deleted.
 */
export async function pruneExpiredSessions(
  deps: Deps,
  { batchSize = SESSION_PRUNE_BATCH, shouldStop }: { batchSize?: number; shouldStop?: () => boolean } = {},
): Promise<number> {
  const cutoff = deps.clock() - EXPIRED_SESSION_KEEP_DAYS * DAY_MS;
  // A session lasts SESSION_MAX_DAYS (as set when it began; were it higher then, it began earlier still), and ids
  // begin with their time: only ids made before this can qualify, so the search walks the start of the primary key.
  const madeBefore = idFloorAt(cutoff - deps.config.sessionMaxDays * DAY_MS);
  // Each statement goes on from the last id it deleted: the rows kept before it are not read again.
  let after = '';
  return deleteInBatches(
    async () => {
      const deleted = await deps.db
        .deleteFrom('sessions')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('sessions as s')
            .select('s.id')
            .where('s.id', '>', after)
            .where('s.id', '<', madeBefore)
            .where('s.expires_at', '<=', cutoff)
            .where((has) =>
              has.exists(
                has
                  .selectFrom('sessions as newer')
                  .select('newer.id')
                  .whereRef('newer.user_id', '=', 's.user_id')
                  .whereRef('newer.created_at', '>', 's.created_at'),
              ),
            )
            .orderBy('s.id')
            .limit(batchSize),
        )
        .returning('id')
        .execute();
      for (const { id } of deleted) if (id > after) after = id;
      return deleted.length;
    },
    { batchSize, shouldStop },
  );
}

/** Prunes at start and then every hour, on every instance (deleting rows another already deleted is harmless). */
export function startSessionPruning(
  deps: Deps,
  { log, intervalMs = HOUR_MS }: { log: (message: string) => void; intervalMs?: number },
): { stop(): Promise<void> } {
  return startPeriodic(
    async (stopping) => {
      try {
        const deleted = await pruneExpiredSessions(deps, { shouldStop: stopping });
        if (deleted > 0) log(`sessions: deleted ${deleted} expired more than ${EXPIRED_SESSION_KEEP_DAYS} days ago`);
      } catch (error) {
        log(`sessions: pruning failed: ${describeFailure(error)}`);
      }
    },
    { intervalMs, atStart: true },
  );
}
