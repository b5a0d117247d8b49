import type { Out } from './commands.js';
import { UsageError } from './usage.js';

/**
 * What a CLI command reads and writes, passed in rather than taken from `process`: bin/latchkey.js gives
 * the process's own, tests run commands in-process with their own (no Node start per command).
 */
export interface CliIo {
  /** The environment the configuration is read from (only src/config.ts interprets it). */
  readonly env: Record<string, string | undefined>;
  /** Where relative paths in the configuration (the SQLite file, the web root) start from. */
  readonly cwd: string;
  readonly out: Out;
  readonly err: Out;
  /** All of standard input, for --password-stdin. */
  readonly readStdin: () => Promise<string>;
  /** Standard output is a terminal: a person watching the first start, not a log collector. */
  readonly terminal: boolean;
}

/** The process's streams and working directory, with the environment bin/latchkey.js hands over. */
export function processIo(env: Record<string, string | undefined>): CliIo {
  // A reader that stopped early (`latchkey enroll-link … | head -1`) is no failure of the command: it finishes, and
  // what is left to print goes nowhere (Node ignores SIGPIPE, so each later write would end it with EPIPE).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return {
    env,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    async readStdin() {
      if (process.stdin.isTTY)
        throw new UsageError('--password-stdin reads the password from standard input: pipe it in');
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    terminal: process.stdout.isTTY === true,
  };
}
