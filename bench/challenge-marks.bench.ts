/**
 * Used challenges' marks on SQLite, kept by challenge (before migration 0013) and by expiry then challenge (after):
 * what a sign-in's mark costs its commit, and what a sweep of expired marks costs, with the five
 * minutes of marks a server at 1,000 passkey sign-ins/s holds. Run: npx vitest run --config bench/vitest.config.ts
 * bench/challenge-marks.bench.ts. Prints a table; asserts nothing about time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as challengesByExpiry from '../src/db/migrations/0013_challenges_by_expiry.js';
import { SWEEP_INTERVAL_MS } from '../src/passkeys/challenge-sweep.js';
import { CHALLENGE_TTL_MS } from '../src/passkeys/challenges.js';
import { freshDatabase } from '../test/support/databases.js';

const PER_SECOND = 1000;
const HELD = (CHALLENGE_TTL_MS / 1000) * PER_SECOND;
const GROUP = 10; // sign-ins per commit, about what the group commit gathers at this load
const MARKED = 10_000;

async function layout(folder: string, kind: 'by challenge' | 'by expiry'): Promise<string> {
  const file = path.join(folder, `${kind.replace(' ', '-')}.db`);
  const database = await freshDatabase('sqlite', file);
  if (kind === 'by challenge') await challengesByExpiry.down(database.db);
  await database.destroy();
  return file;
}

function measure(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0'); // as the server: the checkpoints are another thread's
  db.prepare(`insert into organisations (id, slug, name, created_at) values ('o1', 'acme', 'Acme', 1)`).run();
  const mark = db.prepare(
    `insert into challenges (id, org_id, binding_hash, ceremony, challenge, user_id, expires_at, created_at)
     values (?, 'o1', ?, 'authentication', ?, null, ?, ?)`,
  );
  const binding = 'b'.repeat(64);
  // A sealed challenge is 140 random base64url characters; marks made at PER_SECOND over five minutes.
  const add = (n: number, expiresAt: number) =>
    mark.run(`m${n}`, binding, randomBytes(105).toString('base64url'), expiresAt, expiresAt - CHALLENGE_TTL_MS);
  const start = 1e12;
  db.transaction(() => {
    for (let n = 0; n < HELD; n++) add(n, start + (n * 1000) / PER_SECOND);
  })();
  // The pages the log holds, then emptied for what comes next.
  const framesSince = () => {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
    db.pragma('wal_checkpoint(TRUNCATE)');
    return log;
  };
  framesSince();

  let begun = performance.now();
  for (let n = HELD; n < HELD + MARKED; n += GROUP) {
    db.exec('begin immediate');
    for (let i = n; i < n + GROUP; i++) add(i, start + (i * 1000) / PER_SECOND);
    db.exec('commit');
  }
  const markMicros = ((performance.now() - begun) * 1000) / MARKED;
  const markFrames = framesSince() / MARKED;

  begun = performance.now();
  const swept = db.prepare('delete from challenges where expires_at <= ?').run(start + SWEEP_INTERVAL_MS).changes;
  const sweepMs = performance.now() - begun;
  const sweepFrames = framesSince();
  db.close();
  return { markMicros, markFrames, swept, sweepMs, sweepFrames };
}

describe('used challenges’ marks (SQLite)', () => {
  const title = `${HELD.toLocaleString('en')} marks held: a mark, and a sweep (${SWEEP_INTERVAL_MS} ms of them)`;
  it(title, async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-marks-'));
    try {
      const rows = [];
      for (const kind of ['by challenge', 'by expiry'] as const) {
        const figures = measure(await layout(folder, kind));
        expect(figures.swept).toBe((SWEEP_INTERVAL_MS / 1000) * PER_SECOND + 1);
        rows.push({
          'marks kept': kind,
          'µs per mark': figures.markMicros.toFixed(1),
          'log pages per mark': figures.markFrames.toFixed(2),
          'sweep ms': figures.sweepMs.toFixed(1),
          'sweep log pages': figures.sweepFrames,
        });
      }
      console.table(rows);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
