/**
 * The server under test: the production build (`latchkey start`) in a process of its own, with the
 * Node flags bin/latchkey.js gives it, and what /proc says about that process (CPU time, peak resident memory).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WARM_DELAY_MS } from '../../src/http/lazy-schemas.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url)); // dist/bench/load → the repository
const CLI = path.join(ROOT, 'bin', 'latchkey.js');
// The flags of the `exec node … "$0"` line that starts the server when bin/latchkey.js runs as a program; the
// benchmark spawns Node itself (this Node, with --cpu-prof when asked), so it passes them on.
const NODE_FLAGS = /exec node (.*) "\$0"/.exec(fs.readFileSync(CLI, 'utf8'))![1]!.split(' ');
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface RunningServer {
  pid: number;
  port: number;
  /** Process start to the first 200 on /healthz. */
  coldStartMs: number;
  /** utime + stime of the server process so far. */
  cpuMs(): number;
  /** VmHWM: the most resident memory the process has had. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** `nodeArgs`: e.g. --cpu-prof --cpu-prof-dir=… to profile the server under load. */
export async function startServer(
  env: Record<string, string>,
  port: number,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const log = fs.openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, CLI, 'start'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://localhost:${port}` },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  while (!(await healthy(port))) {
    if (!running) throw new Error(`the server exited before answering /healthz (see ${logFile})`);
    // Generous: a machine shared with other work can take long; the cold start figure shows it.
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 120 s (see ${logFile})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const coldStartMs = performance.now() - started;
  const pid = child.pid!;
  await settled(pid);
  return {
    pid,
    port,
    coldStartMs,
    cpuMs: () => cpuMs(pid),
    peakRssMb: () => peakRssMb(pid),
    stop: () => stop(child, exited),
  };
}

/**
 * Waits until the server has finished what it does once after listening (route schemas compiled in the
 * background, the workers' first runs): the load is measured against a server in its steady state.
 */
async function settled(pid: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, WARM_DELAY_MS));
  const until = performance.now() + 15_000;
  let before = cpuMs(pid);
  let quiet = 0;
  while (quiet < 3 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = cpuMs(pid);
    quiet = now - before < 5 ? quiet + 1 : 0;
    before = now;
  }
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
  });
}

/**
 * utime + stime of every process of this machine named `command` (PostgreSQL's: its backends, WAL writer and
 * checkpointer), for the database's share of the CPU on a machine it shares with the server.
 */
export function commandCpuMs(command: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)))
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command) total += cpuMs(Number(pid));
    } catch {
      // It ended between the listing and the read: its time is no longer counted anywhere.
    }
  return total;
}

/** Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
