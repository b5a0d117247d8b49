/**
 * Runs `round` every `intervalMs` until stopped, one round at a time (a round still running when the next is due
 * makes it skip), and once at start when `atStart`. `round` handles its own failures; `stopping` tells it to leave
 * the rest for its next round (or another instance). Background work that no request should wait for: sweeps,
 * retention.
 */
export function startPeriodic(
  round: (stopping: () => boolean) => Promise<void>,
  { intervalMs, atStart = false }: { intervalMs: number; atStart?: boolean },
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopping = false;
  const run = () => {
    if (running || stopping) return;
    // Each round reports its own failures; one that escapes must not end the process as an unhandled rejection.
    running = round(() => stopping)
      .catch(() => {})
      .finally(() => (running = null));
  };
  const first = atStart ? setTimeout(run, 0) : undefined;
  const timer = setInterval(run, intervalMs);
  first?.unref();
  timer.unref();
  return {
    /** Resolves once the round under way (if any) has stopped. */
    async stop() {
      stopping = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
