import { Algorithm } from '@node-rs/argon2';
import { AppError, isAppError } from '../errors.js';
import { onArgon2Thread } from './argon2-threads.js';
import { isGuessable } from './guessable.js';

// OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// On threads of their own, below the event loop's priority (argon2-threads.ts).
const hash = (password: string) => onArgon2Thread<'hash', string>('hash', password, ARGON2_OPTIONS);
const verify = (storedHash: string, password: string) =>
  onArgon2Thread<'verify', boolean>('verify', storedHash, password);

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/**
 * Length and not guessable are the rules that matter (NIST SP 800-63B); no composition rules. `names`: the member's
 * and the organisation's, which a password must be more than.
 */
export function checkPasswordRules(password: string, names: ReadonlyArray<string | null | undefined>): void {
  if ([...password].length < PASSWORD_MIN) throw new AppError('PASSWORD_TOO_SHORT');
  if ([...password].length > PASSWORD_MAX) throw new AppError('PASSWORD_TOO_LONG');
  if (isGuessable(password, names)) throw new AppError('PASSWORD_TOO_GUESSABLE');
}

export async function hashPassword(password: string, names: ReadonlyArray<string | null | undefined>): Promise<string> {
  checkPasswordRules(password, names);
  return hash(password);
}

// Verified against when the account does not exist or has no password, so that the answer takes
// as long as for a real account and does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

// A hash argon2 cannot read is a wrong password; a lost thread (a coded error) is no answer at all.
const refuseUnlessLost = (err: unknown): false => {
  if (isAppError(err)) throw err;
  return false;
};

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    // Made once; a lost thread's failure is not kept, the next check makes it again.
    dummyHash ??= hash('latchkey-no-such-password').catch((err: unknown) => {
      dummyHash = undefined;
      throw err;
    });
    await verify(await dummyHash, password).catch(refuseUnlessLost);
    return false;
  }
  return verify(storedHash, password).catch(refuseUnlessLost);
}
