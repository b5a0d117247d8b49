/**
 * Holds the next request once it passed every check before its handler (signed in, let in, recently verified),
 * until released: what another admin or instance does meanwhile is what a slow request would let them do.
 * A test file installs it with
 *   vi.mock('../../src/http/authenticate.js', async (original) =>
 *     (await import('../support/hold-after-checks.js')).holdingAfterChecks(await original()));
 * (the preHandlers return requireRecentVerificationWhereAsked's value, so Fastify waits for the hold).
 */
import type * as Authenticate from '../../src/http/authenticate.js';

const gate = { armed: false, reached: () => {}, release: Promise.resolve() };

export function holdingAfterChecks(real: typeof Authenticate): typeof Authenticate {
  return {
    ...real,
    requireRecentVerificationWhereAsked: (async (
      ...args: Parameters<typeof real.requireRecentVerificationWhereAsked>
    ) => {
      real.requireRecentVerificationWhereAsked(...args);
      if (!gate.armed) return;
      gate.armed = false;
      gate.reached();
      await gate.release;
    }) as unknown as typeof real.requireRecentVerificationWhereAsked,
  };
}

/** Arms the hold for the next request: `held` settles once it is held, `release` lets it go on. */
export function holdNextRequest() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (gate.reached = resolve));
  gate.release = new Promise<void>((resolve) => (release = resolve));
  gate.armed = true;
  return { held, release };
}

/** Disarms a hold no request reached (after each test). */
export function disarmHold(): void {
  gate.armed = false;
}
