/**
 * The load benchmark (npm run bench; docs/performance.md): seeds a database, then runs each
 * scenario against the production server in its own process, and prints what it measured.
 */
import os from 'node:os';
import { createBenchDatabase, type BenchDb } from './database.js';
import { generateKeyPool } from './members.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { runScenario, serverEnv } from './run-scenario.js';
import { es256VerifiesPerSecond } from './es256.js';
import { assertionCheckCosts } from './assertion-check.js';
import { seed } from './seed.js';
import { errorCount, type Figures } from './stats.js';

export interface DbReport {
  db: BenchDb;
  users: number;
  seedSeconds: number;
  figures: Figures[];
  /** Passkey sign-ins/s (passkey scenario) divided by raw ES256 verifications/s. */
  passkeyToEs256Ratio?: number;
}

export interface BenchReport {
  machine: { cpus: number; model: string; loadAverage: number[]; node: string };
  options: Omit<BenchOptions, 'json' | 'cpuProf'>;
  es256VerifiesPerSecond: number;
  /** One assertion checked by the library alone and by Latchkey's verifyAssertion (cached ES256 key), in µs. */
  assertionCheck: { libraryUs: number; latchkeyUs: number };
  runs: DbReport[];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function runDb(db: BenchDb, options: BenchOptions, es256: number): Promise<DbReport> {
  const keys = generateKeyPool();
  const database = await createBenchDatabase(db);
  try {
    log(`${db}: seeding ${options.users} members…`);
    const seeding = performance.now();
    await seed({ ...serverEnv(options), ...database.env }, options.users, keys, log);
    const seedSeconds = (performance.now() - seeding) / 1000;
    log(`${db}: seeded in ${seedSeconds.toFixed(1)} s`);
    const figures: Figures[] = [];
    let counterBase = 0;
    for (const scenario of options.scenarios) {
      log(`${db}: ${scenario}, ${options.clients} clients for ${options.seconds} s…`);
      const run = await runScenario(scenario, options, database.env, database.folder, keys, counterBase);
      counterBase = run.maxCounter;
      figures.push(...run.figures);
      // As it goes, so that a run cut short still leaves its figures.
      for (const f of run.figures)
        log(
          `  ${f.operation}: ${Math.round(f.opsPerSecond)}/s, p50 ${fixed(f.p50Ms, 1)} p99 ${fixed(f.p99Ms, 1)} ms, ` +
            `${errorCount(f.errors)} errors, ${fixed(f.serverCpuMsPerOperation, 2)} CPU ms/op`,
        );
    }
    const passkey = figures.find((f) => f.scenario === 'passkey' && f.operation === 'passkey sign-in');
    return {
      db,
      users: options.users,
      seedSeconds,
      figures,
      ...(passkey ? { passkeyToEs256Ratio: passkey.opsPerSecond / es256 } : {}),
    };
  } finally {
    await database.drop();
  }
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function print(report: BenchReport): void {
  const { machine, options } = report;
  console.log(
    `Latchkey load benchmark — ${new Date().toISOString()}, node ${machine.node}, ` +
      `${machine.cpus} × ${machine.model}, load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    `${options.users} members, ${options.clients} clients in ${options.workers} worker processes, ` +
      `${options.seconds} s per scenario; raw ES256 verify: ${Math.round(report.es256VerifiesPerSecond)}/s on one core`,
  );
  const { libraryUs, latchkeyUs } = report.assertionCheck;
  console.log(
    `one assertion check: ${libraryUs.toFixed(0)} µs with @simplewebauthn/server alone, ` +
      `${latchkeyUs.toFixed(0)} µs through Latchkey's cached ES256 key`,
  );
  for (const run of report.runs) {
    console.log(`\n${run.db} (seeded in ${run.seedSeconds.toFixed(1)} s)`);
    console.table(
      run.figures.map((f) => ({
        scenario: f.scenario,
        operation: f.operation,
        'ops/s': Math.round(f.opsPerSecond),
        'p50 ms': fixed(f.p50Ms, 1),
        'p95 ms': fixed(f.p95Ms, 1),
        'p99 ms': fixed(f.p99Ms, 1),
        errors: errorCount(f.errors) === 0 ? 0 : JSON.stringify(f.errors),
        'CPU ms/op': fixed(f.serverCpuMsPerOperation, 2),
        // The same CPU time in units of this machine's ES256 verification: comparable across machines.
        'CPU/op in verifies': fixed((f.serverCpuMsPerOperation * report.es256VerifiesPerSecond) / 1000, 1),
        'DB CPU ms/op': f.databaseCpuMsPerOperation === undefined ? '' : fixed(f.databaseCpuMsPerOperation, 2),
        'peak RSS MB': Math.round(f.serverPeakRssMb),
        'cold start ms': Math.round(f.coldStartMs),
        'client CPU ms/op': fixed(f.clientCpuMsPerOperation, 2),
        'client loop p99 ms': fixed(f.clientLoopDelayP99Ms, 1),
      })),
    );
    if (run.passkeyToEs256Ratio !== undefined)
      console.log(
        `passkey sign-ins/s ÷ raw ES256 verifies/s = ${run.passkeyToEs256Ratio.toFixed(3)} ` +
          '(1 would be: a sign-in costs what its signature check costs)',
      );
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  log('measuring raw ES256 verification…');
  const es256 = es256VerifiesPerSecond();
  const assertionCheck = await assertionCheckCosts();
  const runs: DbReport[] = [];
  for (const db of options.dbs) runs.push(await runDb(db, options, es256));
  const { json: _json, cpuProf: _cpuProf, ...shown } = options;
  const report: BenchReport = {
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? '?',
      loadAverage: os.loadavg(),
      node: process.version,
    },
    options: shown,
    es256VerifiesPerSecond: es256,
    assertionCheck,
    runs,
  };
  if (options.json) console.log(JSON.stringify(report));
  else print(report);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    log(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  },
);
