import { AppError } from '../errors.js';
import { consumeBackoff } from '../ratelimit/limit.js';
import type { Deps } from '../shared/deps.js';
import type { User } from '../users/users.js';
import { verifyPassword } from './passwords.js';
import { passwordBackoff } from './sign-in-with-password.js';

/**
 * A signed-in session confirming its member's password (re-verification, approving a device link).
 * It spends the session's own budget: strangers' failed sign-ins never block it, and it never locks anyone else.
 */
export async function checkSessionPassword(
  deps: Deps,
  { user, sessionId, password }: { user: User; sessionId: string; password: string },
): Promise<void> {
  const key = `pw:sess:${sessionId}`;
  await consumeBackoff(deps.counters, key, passwordBackoff(deps.config), deps.clock());
  if (!(await verifyPassword(user.password_hash, password))) throw new AppError('PASSWORD_INCORRECT');
  await deps.counters.clearBackoff(key);
}
