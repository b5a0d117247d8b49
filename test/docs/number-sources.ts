/** Where the docs' numbers come from: the configuration's defaults and constants read from the code. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';

const root = path.resolve(import.meta.dirname, '../..');
export const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** `const NAME = 15 * 60 * 1000;` (exported or not) in a source file, evaluated. */
export function constant(file: string, name: string): number {
  const match = new RegExp(`\\bconst ${name} = ([\\d_ *]+);`).exec(read(file));
  if (!match) throw new Error(`${file} has no constant ${name}`);
  return product(match[1]!);
}

/** `key: 60 * 60,` in a source file (an object literal's field), evaluated. */
export function field(file: string, key: string): number {
  const match = new RegExp(`\\b${key}: ([\\d_ *]+),`).exec(read(file));
  if (!match) throw new Error(`${file} has no field ${key}`);
  return product(match[1]!);
}

export const product = (expression: string) =>
  expression.split('*').reduce((total, factor) => total * Number(factor.replaceAll('_', '').trim()), 1);

/** The database settings src/db/database.ts gives the pool and SQLite, in seconds and connections. */
const databaseSource = read('src/db/database.ts');
export const database = {
  connectionTimeout: Number(/connectionTimeoutMillis: (\d+)/.exec(databaseSource)![1]) / 1000,
  poolSize: Number(/\bmax: (\d+)/.exec(databaseSource)![1]),
  busyTimeout: Number(/busy_timeout = (\d+)/.exec(databaseSource)![1]) / 1000,
};
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const config = loadConfig({}, '/nonexistent');
export const orgs = 'src/orgs/organisations.ts';
export const deviceLinks = 'src/device-link/device-links.ts';
export const enrollmentCodes = 'src/enrollment/enrollment-codes.ts';
export const provider = 'src/oidc/provider.ts';
export const outbox = 'src/mail/outbox.ts';

/** Each `intFrom(env, 'NAME', default, …)` of src/config.ts: the defaults, in the variables' own units. */
export const configDefaults = new Map(
  [...read('src/config.ts').matchAll(/intFrom\(env, '([A-Z_]+)', (?:Math\.min\()?([\d_ *]+)[,)]/g)].map((m) => [
    m[1]!,
    product(m[2]!),
  ]),
);

/** Each `intFrom(env, 'NAME', default, min, max)` of src/config.ts: the range a value must lie in. */
export const configBounds = new Map(
  [
    ...read('src/config.ts').matchAll(
      /intFrom\(env, '([A-Z_]+)', (?:Math\.min\(.+?\)\)|[\d_ *]+), ([\d_ *]+), ([\d_ *]+)\)/g,
    ),
  ].map((m) => [m[1]!, { min: product(m[2]!), max: product(m[3]!) }]),
);
// Read by its own function: unset keeps audit events forever, so it has no default to give intFrom.
const auditRetention = /AUDIT_RETENTION_DAYS must be a whole number of days from (\d+) to (\d+)/.exec(
  read('src/config.ts'),
)!;
configBounds.set('AUDIT_RETENTION_DAYS', { min: Number(auditRetention[1]), max: Number(auditRetention[2]) });
