import { AppError } from '../errors.js';
import type { TxDeps } from '../shared/transaction.js';
import { lockUser } from '../users/lock-user.js';
import { isSessionLive } from './sessions.js';

/**
 * For a change a signed-in session makes to its member's ways in (a password, a passkey): holds the member's row, then
 * checks the session is still signed in. A sign-out, recovery or disable takes the same lock, so one that committed
 * while the request was on its way (another instance, a slow body, argon2) is seen here: UNAUTHENTICATED, no change.
 */
export async function lockLiveSession(deps: TxDeps, { userId, sessionId }: { userId: string; sessionId: string }) {
  await lockUser(deps, { userId });
  if (!(await isSessionLive(deps, { sessionId }))) throw new AppError('UNAUTHENTICATED');
}
