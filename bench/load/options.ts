/** The benchmark's command line: npm run bench -- --users 1000000 --db postgres --scenario passkey,session */
import { parseArgs } from 'node:util';
import type { BenchDb } from './database.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

export interface BenchOptions {
  users: number;
  clients: number;
  seconds: number;
  dbs: BenchDb[];
  scenarios: Scenario[];
  /** Load generator processes; the clients are shared out among them. */
  workers: number;
  /** Unmeasured operations per client before measuring. */
  warmup: number;
  /** Print one JSON object (for the smoke test) instead of tables. */
  json: boolean;
  /** Run the server with --cpu-prof, writing .cpuprofile files into this folder. */
  cpuProf?: string;
}

const DBS: readonly BenchDb[] = ['sqlite', 'postgres', 'postgres+redis'];

export const USAGE = [
  'Usage: npm run bench -- [--users N] [--clients C] [--seconds D] [--db sqlite|postgres|postgres+redis|all]',
  `                       [--scenario ${SCENARIOS.join('|')}|all] [--workers W] [--warmup N] [--json] [--cpu-prof DIR]`,
  '(--db and --scenario take comma-separated lists)',
].join('\n');

function whole(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new TypeError(`--${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return value;
}

function list<T extends string>(name: string, raw: string, allowed: readonly T[]): T[] {
  if (raw === 'all') return [...allowed];
  const items = raw.split(',').map((item) => item.trim());
  const bad = items.find((item) => !(allowed as readonly string[]).includes(item));
  if (bad !== undefined) throw new TypeError(`--${name}: "${bad}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '10000' },
      clients: { type: 'string', default: '32' },
      seconds: { type: 'string', default: '10' },
      db: { type: 'string', default: 'sqlite' },
      scenario: { type: 'string', default: 'all' },
      workers: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
    },
  });
  const clients = whole('clients', values.clients, 1);
  const users = whole('users', values.users, 1);
  if (users < clients)
    throw new TypeError('--users must be at least --clients (each client signs in as members of its own)');
  return {
    users,
    clients,
    seconds: whole('seconds', values.seconds, 1),
    dbs: list('db', values.db, DBS),
    scenarios: list('scenario', values.scenario, SCENARIOS),
    workers: Math.min(clients, whole('workers', values.workers, 1)),
    warmup: whole('warmup', values.warmup, 0),
    json: values.json,
    cpuProf: values['cpu-prof'],
  };
}
