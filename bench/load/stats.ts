/** Turns the workers' raw latencies and the server's /proc readings into the figures the report prints. */
import type { KindResult } from './worker.js';

export interface Figures {
  scenario: string;
  operation: string;
  operations: number;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** "status CODE" (or "network ECONNRESET") → count. */
  errors: Record<string, number>;
  /** Server CPU (user + system) over the whole run divided by every operation of the run. */
  serverCpuMsPerOperation: number;
  /** PostgreSQL's processes' CPU over the run divided the same way; undefined for SQLite (it is the server's). */
  databaseCpuMsPerOperation?: number;
  serverPeakRssMb: number;
  coldStartMs: number;
  /** The load generator's CPU (every worker process) divided by every operation of the run. */
  clientCpuMsPerOperation: number;
  /**
   * The highest of the workers' event-loop delay p99: how late a worker can be to read an answer. When it nears
   * the p99 latency, the latency is the generator's as much as the server's (the machine is too small for both).
   */
  clientLoopDelayP99Ms: number;
}

export function merge(results: KindResult[]): KindResult {
  const merged: KindResult = { latenciesMs: [], errors: {} };
  for (const result of results) {
    for (const latency of result.latenciesMs) merged.latenciesMs.push(latency);
    for (const [key, count] of Object.entries(result.errors)) merged.errors[key] = (merged.errors[key] ?? 0) + count;
  }
  return merged;
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const errorCount = (errors: Record<string, number>) => Object.values(errors).reduce((a, b) => a + b, 0);
