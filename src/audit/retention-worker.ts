import { describeFailure } from '../db/unavailable.js';
import type { Deps } from '../shared/deps.js';
import { pruneAuditEvents } from './prune-audit.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * With AUDIT_RETENTION_DAYS set, prunes older audit events at start and then every hour, on every
 * instance (deleting rows another instance already deleted is harmless). Without it, does nothing.
 */
export function startAuditRetention(
  deps: Deps,
  { log, intervalMs = HOUR_MS }: { log: (message: string) => void; intervalMs?: number },
): { stop(): Promise<void> } {
  const days = deps.config.auditRetentionDays;
  if (days === undefined) return { stop: async () => {} };
  let round: Promise<void> | null = null;
  let stopping = false;
  const prune = () => {
    if (round || stopping) return;
    round = pruneAuditEvents(deps, { retentionDays: days, shouldStop: () => stopping })
      .then(
        (deleted) => {
          if (deleted > 0) log(`audit retention: deleted ${deleted} audit events older than ${days} days`);
        },
        // A database outage is retried next round; logged by its code, never the driver's text (it names the address).
        (error: unknown) => log(`audit retention: round failed: ${describeFailure(error)}`),
      )
      .finally(() => (round = null));
  };
  const first = setTimeout(prune, 0);
  const timer = setInterval(prune, intervalMs);
  first.unref();
  timer.unref();
  return {
    /** Resolves once the batch being deleted (if any) is done. */
    async stop() {
      stopping = true;
      clearTimeout(first);
      clearInterval(timer);
      await round;
    },
  };
}
