import { describeFailure } from '../db/unavailable.js';
import type { Deps } from '../shared/deps.js';
import { startPeriodic } from '../shared/periodic.js';

/** How often each server clears used challenges' marks: a second's marks each time, the start of their index. */
export const SWEEP_INTERVAL_MS = 1_000;

/**
 * How long a mark outlives its challenge. A request opens the challenge (it has not expired) and then reads its
 * mark; another instance's clock may be behind this one's. Were the mark cleared at the expiry, a replay caught in
 * between would find none and be taken as a first use.
 */
export const MARK_GRACE_MS = 60_000;

/**
 * Clears the marks of challenges expired more than MARK_GRACE_MS ago; returns how many. Looked for first (a read of
 * the index's start): a quiet server writes nothing, and on SQLite flushes nothing, every second.
 */
export async function sweepUsedChallenges(deps: Deps): Promise<number> {
  const expiredBy = deps.clock() - MARK_GRACE_MS;
  const any = await deps.db
    .selectFrom('challenges')
    .select('id')
    .where('expires_at', '<=', expiredBy)
    .limit(1)
    .execute();
  if (any.length === 0) return 0;
  const { numDeletedRows } = await deps.db
    .deleteFrom('challenges')
    .where('expires_at', '<=', expiredBy)
    .executeTakeFirst();
  return Number(numDeletedRows);
}

/**
 * Sweeps every SWEEP_INTERVAL_MS on every instance, apart from any sign-in: a sweep in a sign-in's transaction
 * held its rows' locks until that sign-in committed, and two instances' sweeps waited on each other's sign-ins.
 */
export function startChallengeSweep(
  deps: Deps,
  { log, intervalMs = SWEEP_INTERVAL_MS }: { log: (message: string) => void; intervalMs?: number },
): { stop(): Promise<void> } {
  let failing = false;
  return startPeriodic(
    async () => {
      try {
        await sweepUsedChallenges(deps);
        failing = false;
      } catch (error) {
        // Said once per outage, not every second, by its code (describeFailure: the address is not logged).
        if (!failing) log(`used challenges: sweep failed: ${describeFailure(error)}`);
        failing = true;
      }
    },
    { intervalMs },
  );
}
