import { forUpdate } from '../db/locks.js';
import { precompiledRead } from '../db/precompiled.js';
import { AppError } from '../errors.js';
import type { TxDeps } from '../shared/transaction.js';
import type { User } from '../users/users.js';

// Locked as the session's insert will lock it (a change of password or status waits, or was seen).
const lockedPasswordHash = precompiledRead((db, v: { userId: string }, dialect) =>
  forUpdate(db.selectFrom('users').select('password_hash').where('id', '=', v.userId), dialect),
);

/**
 * In a password sign-in's transaction: the password checked is still the member's. One changed or removed while
 * argon2 ran (a change signs everyone else out, a recovery may remove it) gives no session: INVALID_CREDENTIALS.
 * A read, not a guarded write: a write to the member's row would drop every kept signed-in answer (SQLite).
 */
export async function confirmPasswordUnchanged(deps: TxDeps, { user }: { user: User }): Promise<void> {
  const [row] = await lockedPasswordHash(deps, { userId: user.id });
  if (row?.password_hash == null || row.password_hash !== user.password_hash) throw new AppError('INVALID_CREDENTIALS');
}
