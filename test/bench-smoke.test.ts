/**
 * The load benchmark still works: a short run on SQLite against the built server (dist/, as `npm test`
 * builds it) answers every operation without an error and reports every figure. Two scenarios (each is a
 * server start) are enough for that: passkey sign-in (the hot path, with its ES256 ratio) and password
 * sign-in. Asserts no timing.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../bench/load/cli.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bench/load/cli.js');

function bench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, REDIS_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('load benchmark (smoke)', () => {
  // Two server starts: seconds on a quiet machine, minutes on a busy one.
  it('runs the passkey and password scenarios on SQLite without errors', { timeout: 300_000 }, async () => {
    const run = await bench([
      ...['--scenario', 'passkey,password', '--seconds', '1', '--users', '100', '--clients', '4', '--warmup', '1'],
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as BenchReport;
    expect(report.es256VerifiesPerSecond).toBeGreaterThan(0);
    expect(report.runs.map((r) => r.db)).toEqual(['sqlite']);
    const figures = report.runs[0]!.figures;
    expect(figures.map((f) => `${f.scenario}: ${f.operation}`).sort()).toEqual([
      'passkey: passkey sign-in',
      'password: password sign-in',
    ]);
    for (const f of figures) {
      expect(f.errors, `${f.scenario} / ${f.operation}`).toEqual({});
      expect(f.operations, `${f.scenario} / ${f.operation}`).toBeGreaterThan(0);
      expect(f.serverCpuMsPerOperation).toBeGreaterThan(0);
      expect(f.serverPeakRssMb).toBeGreaterThan(0);
      expect(f.coldStartMs).toBeGreaterThan(0);
      expect(f.clientCpuMsPerOperation).toBeGreaterThan(0);
      // At least the monitor's resolution (1 ms): the loop is never early.
      expect(f.clientLoopDelayP99Ms).toBeGreaterThanOrEqual(1);
    }
    expect(report.runs[0]!.passkeyToEs256Ratio).toBeGreaterThan(0);
  });

  it('refuses bad flags with exit code 2', async () => {
    const run = await bench(['--db', 'mysql']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--db: "mysql" is not one of sqlite, postgres, postgres\+redis/);
  });
});
