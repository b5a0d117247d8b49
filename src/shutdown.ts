import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM: /readyz turns 503 at once (requests are still served for SHUTDOWN_DELAY_SECONDS, while the
 * load balancer notices); then the listener closes, in-flight requests get SHUTDOWN_GRACE_SECONDS to
 * finish, and the onClose hooks stop the outbox worker and close the pools. Returns the exit code:
 * 0 when everything finished in time, 1 when connections had to be cut.
 */
export async function shutDown(
  app: FastifyInstance,
  config: Pick<Config, 'shutdownDelayMs' | 'shutdownGraceMs'>,
  log: (line: string) => void,
): Promise<number> {
  app.lifecycle.state = 'draining';
  if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
  app.lifecycle.state = 'closing';
  let forced = false;
  const cut = setTimeout(() => {
    forced = true;
    log(
      `Shutdown: requests still running after ${config.shutdownGraceMs / 1000} s (SHUTDOWN_GRACE_SECONDS); closing ` +
        `their connections.`,
    );
    app.server.closeAllConnections();
  }, config.shutdownGraceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
  return forced ? 1 : 0;
}
