/**
 * One scenario against a freshly started server: the workers prepare and warm up, the server's CPU
 * time is read, the workers run for the set time, the CPU time and peak memory are read again.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/free-port.js';
import type { KeyPool } from './members.js';
import type { BenchOptions } from './options.js';
import type { OperationKind, Scenario } from './scenarios.js';
import { commandCpuMs, startServer } from './server.js';
import { merge, percentile, type Figures } from './stats.js';
import type { KindResult, WorkerMessage, WorkerResult, WorkerStart } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Rate limits stay on, set high enough for the load (per address: every client is 127.0.0.1). */
export function serverEnv(options: BenchOptions): Record<string, string> {
  return {
    SERVER_SECRET: 'latchkey-bench-server-secret-0123456789abcdef',
    // Only the postgres+redis run uses Redis, whatever this shell has set.
    REDIS_URL: '',
    API_REQUESTS_PER_MINUTE: '1000000',
    PASSWORD_ATTEMPTS_PER_IP: '1000000',
    PASSWORD_ATTEMPTS_PER_ACCOUNT: '10000',
    MAX_PASSKEYS_PER_USER: '100',
    MAX_CONNECTIONS_PER_IP: String(options.clients + 16),
  };
}

export interface ScenarioRun {
  figures: Figures[];
  maxCounter: number;
}

export async function runScenario(
  scenario: Scenario,
  options: BenchOptions,
  env: Record<string, string>,
  folder: string,
  keys: KeyPool,
  counterBase: number,
): Promise<ScenarioRun> {
  const port = await freePort();
  const nodeArgs = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProf)}`] : [];
  const server = await startServer({ ...serverEnv(options), ...env }, port, path.join(folder, 'server.log'), nodeArgs);
  const workers: ChildProcess[] = [];
  try {
    for (let w = 0; w < options.workers; w++) workers.push(fork(WORKER, [], { stdio: 'inherit' }));
    const messages = workers.map((worker) => messageQueue(worker));
    workers.forEach((worker, w) => {
      const start: WorkerStart = {
        type: 'start',
        scenario,
        port,
        origin: `http://localhost:${port}`,
        users: options.users,
        totalClients: options.clients,
        clients: Array.from({ length: options.clients }, (_, i) => i).filter((i) => i % options.workers === w),
        keys,
        counterBase,
        warmup: options.warmup,
      };
      worker.send(start);
    });
    await Promise.all(messages.map((next) => next()));
    // PostgreSQL on this machine runs in processes of its own: their CPU is read beside the server's (SQLite's is
    // the server's; a database elsewhere is not measured).
    const databaseCpuMs = onThisMachine(env.DATABASE_URL) ? () => commandCpuMs('postgres') : undefined;
    const cpuBefore = server.cpuMs();
    const databaseCpuBefore = databaseCpuMs?.();
    for (const worker of workers) worker.send({ type: 'go', durationMs: options.seconds * 1000 });
    const results = (await Promise.all(messages.map((next) => next()))) as WorkerResult[];
    const cpuMs = server.cpuMs() - cpuBefore;
    const databaseCpu = databaseCpuMs && databaseCpuMs() - databaseCpuBefore!;
    const peakRssMb = server.peakRssMb();
    const elapsedSeconds = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
    const kinds = [...new Set(results.flatMap((r) => Object.keys(r.kinds)))] as OperationKind[];
    const merged = kinds.map((kind) => [kind, merge(results.map((r) => r.kinds[kind] ?? emptyKind()))] as const);
    const allOperations = merged.reduce((sum, [, m]) => sum + m.latenciesMs.length, 0);
    const figures = merged.map(([kind, m]): Figures => {
      const sorted = Float64Array.from(m.latenciesMs).sort();
      const values = Array.from(sorted);
      return {
        scenario,
        operation: kind,
        operations: values.length,
        opsPerSecond: values.length / elapsedSeconds,
        p50Ms: percentile(values, 0.5),
        p95Ms: percentile(values, 0.95),
        p99Ms: percentile(values, 0.99),
        errors: m.errors,
        serverCpuMsPerOperation: cpuMs / Math.max(1, allOperations),
        databaseCpuMsPerOperation: databaseCpu === undefined ? undefined : databaseCpu / Math.max(1, allOperations),
        serverPeakRssMb: peakRssMb,
        coldStartMs: server.coldStartMs,
        clientCpuMsPerOperation: results.reduce((sum, r) => sum + r.cpuMs, 0) / Math.max(1, allOperations),
        clientLoopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
      };
    });
    return { figures, maxCounter: Math.max(counterBase, ...results.map((r) => r.maxCounter)) };
  } finally {
    for (const worker of workers) if (worker.exitCode === null) worker.kill();
    await server.stop();
  }
}

const onThisMachine = (url = '') =>
  url.startsWith('postgres') && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

const emptyKind = (): KindResult => ({ latenciesMs: [], errors: {} });

/** Each call resolves with the worker's next message; a failure or an early exit rejects. */
function messageQueue(worker: ChildProcess): () => Promise<WorkerMessage> {
  const queue: WorkerMessage[] = [];
  let waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | undefined;
  let ended: Error | undefined;
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'failed') ended = new Error(`load worker failed: ${message.message}`);
    else queue.push(message);
    flush();
  });
  // 'close', not 'exit': a process can exit before its last messages have been read from the channel.
  worker.on('close', (code) => {
    ended ??= new Error(`load worker exited (${code}) before answering`);
    flush();
  });
  function flush() {
    if (!waiting) return;
    const message = queue.shift();
    if (message) waiting.resolve(message);
    else if (ended) waiting.reject(ended);
    else return;
    waiting = undefined;
  }
  return () =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject };
      flush();
    });
}
