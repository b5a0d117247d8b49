import { describeFailure } from '../db/unavailable.js';
import type { Deps } from '../shared/deps.js';
import { deliverDue } from './outbox.js';

/**
 * Delivers due mail every few seconds until stopped. Mail is also tried at once when queued;
 * this loop is for retries, for mail queued while SMTP was down, and for other instances' mail.
 */
export function startOutboxWorker(
  deps: Deps,
  { log, intervalMs = 2000 }: { log: (message: string) => void; intervalMs?: number },
): { stop(): Promise<void> } {
  let round: Promise<void> | null = null;
  let stopping = false;
  const timer = setInterval(() => {
    if (round) return; // the previous round is still sending
    round = deliverDue(deps, { stopping: () => stopping })
      .then(
        () => undefined,
        (err: unknown) => log(`outbox: delivery round failed: ${describeFailure(err)}`),
      )
      .finally(() => (round = null));
  }, intervalMs);
  timer.unref();
  return {
    /** Resolves once the mail being sent (if any) is done; the rest of the round stays queued. */
    async stop() {
      stopping = true;
      clearInterval(timer);
      await round;
    },
  };
}
