import { describeFailure } from '../db/unavailable.js';
import type { Deps } from '../shared/deps.js';
import { startPeriodic } from '../shared/periodic.js';
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
  return startPeriodic(
    async (stopping) => {
      try {
        const deleted = await pruneAuditEvents(deps, { retentionDays: days, shouldStop: stopping });
        if (deleted > 0) log(`audit retention: deleted ${deleted} audit events older than ${days} days`);
      } catch (error) {
        // A database outage is retried next round; logged by its code, never the driver's text (it names the address).
        log(`audit retention: round failed: ${describeFailure(error)}`);
      }
    },
    { intervalMs, atStart: true },
  );
}
