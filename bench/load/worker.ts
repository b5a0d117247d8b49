/**
 * A load worker process (forked by cli.ts): runs its share of the clients against the server and
 * sends back every latency and error. Protocol: start → ready; go → result.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importPrivateKeys, type KeyPool } from './members.js';
import { Client, OperationError, type OperationKind, type Scenario, type Shared } from './scenarios.js';

export interface WorkerStart {
  type: 'start';
  scenario: Scenario;
  port: number;
  origin: string;
  users: number;
  totalClients: number;
  /** The global numbers of this worker's clients. */
  clients: number[];
  keys: KeyPool;
  counterBase: number;
  /** Unmeasured operations per client first (JIT, connection pool, caches). */
  warmup: number;
}

export interface WorkerGo {
  type: 'go';
  durationMs: number;
}

export interface KindResult {
  latenciesMs: number[];
  errors: Record<string, number>;
}

export interface WorkerResult {
  type: 'result';
  elapsedMs: number;
  kinds: Partial<Record<OperationKind, KindResult>>;
  maxCounter: number;
  /** This process's CPU (user + system) over the measured time. */
  cpuMs: number;
  /** How late its event loop ran, p99 over the measured time: a timed request waits that long for its answer too. */
  loopDelayP99Ms: number;
}

export type WorkerMessage = { type: 'ready' } | { type: 'failed'; message: string } | WorkerResult;

/**
 * Resolves once the message has been handed to the channel: a result holds every latency (hundreds of
 * kilobytes), and disconnecting before it has gone out loses it.
 */
const send = (message: WorkerMessage) =>
  new Promise<void>((resolve, reject) =>
    process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );

function describe(error: unknown): string {
  if (error instanceof OperationError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `network ${code}` : `client ${(error as Error).message}`;
}

async function runWorker(start: WorkerStart): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: start.clients.length });
  const shared: Shared = {
    target: { agent, port: start.port, origin: start.origin },
    users: start.users,
    totalClients: start.totalClients,
    keys: importPrivateKeys(start.keys),
    counters: new Map(),
    counterBase: start.counterBase,
    mixed: 0,
  };
  const clients = start.clients.map((index) => new Client(shared, index));
  await Promise.all(
    clients.map(async (client) => {
      await client.prepare(start.scenario);
      for (let i = 0; i < start.warmup; i++) await (await client.step(start.scenario)).run();
    }),
  );
  await send({ type: 'ready' });
  const go = await new Promise<WorkerGo>((resolve) => process.once('message', (m) => resolve(m as WorkerGo)));
  const kinds: WorkerResult['kinds'] = {};
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const deadline = began + go.durationMs;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        let kind: OperationKind | undefined;
        const before = performance.now();
        try {
          const step = await client.step(start.scenario);
          kind = step.kind;
          const timed = performance.now();
          await step.run();
          (kinds[kind] ??= { latenciesMs: [], errors: {} }).latenciesMs.push(performance.now() - timed);
        } catch (error) {
          const result = (kinds[kind ?? 'passkey sign-in'] ??= { latenciesMs: [], errors: {} });
          const key = describe(error);
          result.errors[key] = (result.errors[key] ?? 0) + 1;
          // A refused connection fails at once: do not spin on it.
          if (!(error instanceof OperationError) && performance.now() - before < 1)
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    }),
  );
  const elapsedMs = performance.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  agent.destroy();
  let maxCounter = start.counterBase;
  for (const counter of shared.counters.values()) if (counter > maxCounter) maxCounter = counter;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  await send({ type: 'result', elapsedMs, kinds, maxCounter, cpuMs, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 });
}

process.once('message', (message) => {
  runWorker(message as WorkerStart).then(
    () => process.disconnect(),
    (error: unknown) =>
      send({ type: 'failed', message: (error as Error).stack ?? String(error) }).finally(() => process.disconnect()),
  );
});
