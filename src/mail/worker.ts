import { describeFailure } from '../db/unavailable.js';
import type { Deps } from '../shared/deps.js';
import { startPeriodic } from '../shared/periodic.js';
import { deliverDue } from './outbox.js';

/**
 * Delivers due mail every few seconds until stopped. Mail is also tried at once when queued;
 * this loop is for retries, for mail queued while SMTP was down, and for other instances' mail.
 */
export function startOutboxWorker(
  deps: Deps,
  { log, intervalMs = 2000 }: { log: (message: string) => void; intervalMs?: number },
): { stop(): Promise<void> } {
  // One round at a time; stopping, the mail being sent (if any) is finished and the rest of the round stays queued.
  return startPeriodic(
    async (stopping) => {
      try {
        await deliverDue(deps, { stopping });
      } catch (err) {
        log(`outbox: delivery round failed: ${describeFailure(err)}`);
      }
    },
    { intervalMs },
  );
}
