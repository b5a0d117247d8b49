/**
 * What the kind of row id costs a sign-in's writes on SQLite (`node dist/bench/load/row-ids.js`, after
 * `npx tsc -p tsconfig.bench.json`): Latchkey's schema, a sign-in's three inserts (the challenge's mark, the
 * session, its audit event), ten sign-ins per COMMIT as group commit makes them, on a table that already holds
 * 30,000 sign-ins; random ids (UUID v4) against Latchkey's newId (UUID v7). Prints CPU and bytes written per sign-in.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { newId, randomToken, sha256 } from '../../src/shared/crypto.js';

const EARLIER = 30_000;
const MEASURED = 2_000;
const PER_COMMIT = 10;
const USERS = Array.from({ length: 10_000 }, () => randomUUID());

const bytesWritten = () => Number(/wchar: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);

async function measure(kind: string, id: () => string) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-row-ids-'));
  const file = path.join(folder, 'db.sqlite');
  const database = openDatabase(`sqlite:${file}`);
  await migrateToLatest(database);
  await database.destroy();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = OFF'); // no organisations or members to point at: the indexes are what is measured
  const mark = db.prepare(
    `insert into challenges (id, org_id, binding_hash, ceremony, challenge, user_id, expires_at, created_at)
     values (?, 'org', ?, 'authentication', ?, null, ?, ?)`,
  );
  const session = db.prepare(
    `insert into sessions (id, org_id, user_id, token_hash, method, user_agent, ip, created_at, last_seen_at,
     expires_at, verified_at, revoked_at, passkey_setup_required, passkey_id) values
     (?, 'org', ?, ?, 'passkey', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156', '127.0.0.1', ?, ?, ?, ?, null, 0, ?)`,
  );
  const audit = db.prepare(
    `insert into audit_events (id, org_id, user_id, actor_id, type, ip, user_agent, details, created_at)
     values (?, 'org', ?, ?, 'sign_in.succeeded', '127.0.0.1', 'Mozilla/5.0', ?, ?)`,
  );
  const signIn = () => {
    const user = USERS[Math.floor(Math.random() * USERS.length)]!;
    const now = Date.now();
    mark.run(id(), sha256(randomToken()), randomToken(60), now + 300_000, now);
    const sessionId = id();
    session.run(sessionId, user, sha256(randomToken()), now, now, now + 8.64e8, now, randomUUID());
    audit.run(id(), user, user, JSON.stringify({ method: 'passkey', sessionId }), now);
  };
  const commit = () => {
    db.exec('begin immediate');
    for (let i = 0; i < PER_COMMIT; i++) signIn();
    db.exec('commit');
  };
  for (let i = 0; i < EARLIER / PER_COMMIT; i++) commit();
  const written = bytesWritten();
  const cpu = process.cpuUsage();
  for (let i = 0; i < MEASURED / PER_COMMIT; i++) commit();
  const used = process.cpuUsage(cpu);
  const kb = (bytesWritten() - written) / MEASURED / 1024;
  console.log(
    `${kind}: ${((used.user + used.system) / MEASURED).toFixed(0)} µs CPU and ${kb.toFixed(1)} KB written per sign-in`,
  );
  db.close();
  fs.rmSync(folder, { recursive: true, force: true });
}

for (let round = 0; round < 3; round++) {
  await measure('random ids (UUID v4)', randomUUID);
  await measure('newId (UUID v7)     ', newId);
}
