import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { backupSqlite, sqliteFile } from '../db/backup.js';
import { serverSecretFile } from '../runtime.js';
import { parse, type Out } from './commands.js';

const GUIDE = 'docs/operations.md, "Backup and restore"';

/**
 * `latchkey backup <file>`: an online copy of the embedded SQLite database, plus the generated server
 * secret beside it as `<file>.server-secret` (the copy is useless without it: sealed signing keys,
 * code HMACs). Returns the exit code: 0 done, 1 the copy failed its integrity check, 2 refused.
 */
export async function backup(config: Config, args: string[], out: Out, err: Out): Promise<number> {
  const target = path.resolve(parse(args, {}, 1).positionals[0]!);
  const source = sqliteFile(config.databaseUrl);
  if (!source) {
    err(
      `latchkey: backup copies the embedded SQLite database; DATABASE_URL is ` +
        `${config.databaseUrl.startsWith('sqlite:') ? 'in memory' : 'PostgreSQL'}. For PostgreSQL use pg_dump ` +
        `(pg_dump -Fc -f latchkey.dump "$DATABASE_URL") and keep SERVER_SECRET with the dump; see ${GUIDE}.`,
    );
    return 2;
  }
  // The environment's SERVER_SECRET is the operator's to keep; only the generated one is copied.
  const secretSource = config.serverSecret ? undefined : serverSecretFile(config.databaseUrl);
  const secretTarget = `${target}.server-secret`;
  for (const file of secretSource ? [target, secretTarget] : [target]) {
    if (fs.existsSync(file)) {
      err(`latchkey: ${file} already exists; backup never overwrites a file. Choose another name or move it away.`);
      return 2;
    }
  }
  if (!fs.existsSync(source)) {
    err(`latchkey: there is no database at ${source} (DATABASE_URL): nothing to back up.`);
    return 2;
  }
  const verdict = await backupSqlite(source, target);
  if (verdict !== 'ok') {
    err(`latchkey: the copy in ${target} failed its integrity check (${verdict}); do not rely on it.`);
    return 1;
  }
  out(`Backed up ${source} to ${target} (integrity check: ok).`);
  if (!secretSource) {
    out(
      `SERVER_SECRET comes from the environment and is not in the backup: keep it with the backup; restoring needs ` +
        `the same value (${GUIDE}).`,
    );
  } else if (fs.existsSync(secretSource)) {
    fs.copyFileSync(secretSource, secretTarget, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(secretTarget, 0o600);
    out(
      `Copied the server secret to ${secretTarget} (owner-only). Restore both together: the database as ${source}, ` +
        `the secret as ${secretSource} (${GUIDE}).`,
    );
  } else {
    out(`No server secret at ${secretSource} yet (the server has not started on this database): nothing to copy.`);
  }
  return 0;
}
