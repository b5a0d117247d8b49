import net from 'node:net';

/** `latchkey start` could not listen: one line for the person starting it (exit code 1), never a stack trace. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

interface Where {
  host: string;
  port: number;
}

/** What to do about the listen errors a person can fix: a busy port, a privileged one, another machine's address. */
const ADVICE: Record<string, (where: Where) => string> = {
  EADDRINUSE: ({ port }) =>
    'the port is in use (by another program, or by Latchkey started already). ' +
    `Stop that program, or set PORT to a free port (e.g. PORT=${port < 65535 ? port + 1 : 3000}).`,
  EACCES: () =>
    'not allowed: ports below 1024 need privileges. Set PORT to 1024 or above (behind a reverse proxy for 443).',
  EADDRNOTAVAIL: () => 'this machine has no such address. Set HOST to one of its addresses, or to 0.0.0.0.',
};

/** The ListenError for a failed listen, or undefined when it is not one a person can fix (thrown as it is). */
export function listenFailure(error: unknown, where: Where): ListenError | undefined {
  const advice = ADVICE[(error as NodeJS.ErrnoException | undefined)?.code ?? ''];
  const address = where.host.includes(':') ? `[${where.host}]:${where.port}` : `${where.host}:${where.port}`;
  return advice && new ListenError(`cannot listen on ${address}: ${advice(where)}`);
}

/**
 * Listens on host:port and lets go at once: a port that is taken stops start-up before anything is
 * opened, created or printed (a fresh data folder stays empty, no setup link names another program's
 * port). The real listen can still lose a race for the port: it fails with the same ListenError.
 */
export async function assertCanListen(where: Where): Promise<void> {
  if (where.port === 0) return; // any free port
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(listenFailure(error, where) ?? error));
    probe.listen({ host: where.host, port: where.port }, () => probe.close(() => resolve()));
  });
}
