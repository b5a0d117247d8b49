import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-modes-'));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

it('creates the SQLite database, its folder and its log readable by their owner only', async () => {
  const file = path.join(root, 'data', 'latchkey.db');
  // The usual umask, which lets everyone read what is created: under 077 this would pass without the fix.
  const umask = process.umask(0o022);
  const database = openDatabase(`sqlite:${file}`);
  try {
    await migrateToLatest(database);
    expect([mode(path.dirname(file)), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([
      '700',
      '600',
      '600',
      '600',
    ]);
  } finally {
    await database.destroy();
    process.umask(umask);
  }
});
