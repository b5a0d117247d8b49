/**
 * The CLI two ways: in this process (the same dispatch, output and exit codes as bin/latchkey.js, without
 * starting Node and loading the server for every command), and as a real process (`npx tsc -p
 * tsconfig.json` first) for what only a process shows: exit status, standard input, start-up.
 */
import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/main.js';
import { BIN } from './instances.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `latchkey <args>` in-process; `input` is standard input (empty when not given, as a pipe would be). */
export async function runCliInProcess(
  args: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env,
    cwd: process.cwd(),
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
    readStdin: () => Promise.resolve(input),
    terminal: false,
  });
  return { code, stdout, stderr };
}

/** `node bin/latchkey.js <args>` as a process of its own (killed after a minute: a hang fails, never blocks). */
export function runCliProcess(args: string[], env: Record<string, string | undefined>, input?: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
