import { deleteInBatches } from '../db/batched-delete.js';
import type { Deps } from '../shared/deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per delete statement: each one is short, so a batch never holds a lock for long. */
export const AUDIT_PRUNE_BATCH = 1000;

export interface PruneInput {
  retentionDays: number;
  batchSize?: number;
  /** Checked before each batch: a stopping worker leaves the rest for its next round (or another instance). */
  shouldStop?: () => boolean;
}

/**
 * Deletes the audit events older than `retentionDays`, one organisation at a time, `batchSize`
 * rows per statement, yielding between statements: each batch is its own short transaction found
 * through the (org_id, created_at) index, so requests (and other instances) write in between.
 * Returns how many were deleted.
 */
export async function pruneAuditEvents(deps: Deps, options: PruneInput): Promise<number> {
  const { retentionDays, batchSize = AUDIT_PRUNE_BATCH } = options;
  const cutoff = deps.clock() - retentionDays * DAY_MS;
  let deleted = 0;
  let after = '';
  for (;;) {
    // The next organisation with events: an index seek, never a scan of the table.
    const next = await deps.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.min('org_id').as('org'))
      .where('org_id', '>', after)
      .executeTakeFirst();
    if (!next?.org) return deleted;
    const org = next.org;
    after = org;
    deleted += await deleteInBatches(
      async () => {
        const result = await deps.db
          .deleteFrom('audit_events')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('audit_events')
              .select('id')
              .where('org_id', '=', org)
              .where('created_at', '<', cutoff)
              .orderBy('created_at')
              .limit(batchSize),
          )
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      },
      { batchSize, shouldStop: options.shouldStop },
    );
    if (options.shouldStop?.()) return deleted;
  }
}
