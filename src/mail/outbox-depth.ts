import type { Deps } from '../shared/deps.js';

/** Mails waiting to be sent (queued, including those waiting for a retry): the outbox's backlog. */
export async function outboxDepth(deps: Deps): Promise<number> {
  const row = await deps.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'queued')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
