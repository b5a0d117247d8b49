import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { DB, EnrollmentPurpose } from '../db/types.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { consumeAttempt } from '../ratelimit/limit.js';
import { newId, safeEqual } from '../shared/crypto.js';
import type { Actor, Deps, RequestContext } from '../shared/deps.js';
import { lockUser } from '../users/lock-user.js';
import { findUserByIdentifier, type User } from '../users/users.js';
import { generateEnrollmentCode, hashEnrollmentCode, normaliseEnrollmentCode } from './enrollment-code.js';

// Stands in for an id when there is no user or code, so that every entry takes the same steps.
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** Wrong entries a code survives; the next one voids it. */
export const ENROLLMENT_CODE_ATTEMPTS = 5;
/** Entries per address, across every username: guessing many accounts' codes is slowed too. */
const ENTRIES_PER_IP = 30;
const ENTRY_WINDOW_MS = 15 * 60 * 1000;

export interface IssuedCode {
  /** Shown once, to the admin; only its hash is stored. */
  code: string;
  expiresAt: number;
  validForSeconds: number;
}

/** Issues a code in the caller's transaction; the user's earlier live codes stop working. */
export async function insertEnrollmentCode(trx: Transaction<DB>, deps: Deps, org: Organisation, user: User, purpose: EnrollmentPurpose, actor: Actor): Promise<IssuedCode> {
  const now = deps.clock();
  const code = generateEnrollmentCode();
  const validForSeconds = org.enrollment_code_seconds;
  const expiresAt = now + validForSeconds * 1000;
  await lockUser(trx, deps.dialect, user.id);
  await trx.updateTable('enrollment_codes').set({ voided_at: now }).where('user_id', '=', user.id).where('used_at', 'is', null).where('voided_at', 'is', null).execute();
  const id = newId();
  await trx
    .insertInto('enrollment_codes')
    .values({ id, org_id: org.id, user_id: user.id, code_hash: hashEnrollmentCode(normaliseEnrollmentCode(code)!), purpose, created_by: actor.actorId, failed_attempts: 0, expires_at: expiresAt, used_at: null, voided_at: null, created_at: now })
    .execute();
  await recordAudit(trx, deps.clock, {
    orgId: org.id, type: 'enrollment_code.created', userId: user.id, actorId: actor.actorId, context: actor.context, details: { codeId: id, purpose, expiresAt },
  });
  return { code, expiresAt, validForSeconds };
}

export async function issueEnrollmentCode(deps: Deps, org: Organisation, user: User, actor: Actor): Promise<IssuedCode> {
  return deps.db.transaction().execute((trx) => insertEnrollmentCode(trx, deps, org, user, 'enroll', actor));
}

/** The user's code that still works, if any (the admin sees when it expires, never the code). */
export async function liveEnrollmentCode(deps: Deps, userId: string) {
  return deps.db
    .selectFrom('enrollment_codes')
    .select(['id', 'expires_at', 'purpose'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('expires_at', '>', deps.clock())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/**
 * The member's side: username plus code. Every entry is counted before the code is compared, in one
 * statement, so racing guesses cannot outnumber the limit; the correct code gives its count back.
 * Unknown usernames, wrong, expired and used codes all get the same answer, after the same steps
 * (look up, count, compare, record), so neither the answer nor its timing tells which usernames exist.
 */
export async function redeemEnrollmentCode(deps: Deps, org: Organisation, input: { username: string; code: string }, context: RequestContext): Promise<User> {
  await consumeAttempt(deps.counters, `enroll-code:ip:${org.id}:${context.ip ?? 'unknown'}`, ENTRIES_PER_IP, ENTRY_WINDOW_MS);
  const user = await findUserByIdentifier(deps, org.id, input.username);
  const live = await liveEnrollmentCode(deps, user?.id ?? NOBODY);
  const now = deps.clock();
  const counted = await deps.db
    .updateTable('enrollment_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', live?.id ?? NOBODY)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .returning(['failed_attempts', 'code_hash'])
    .executeTakeFirst();
  const normalised = normaliseEnrollmentCode(input.code);
  const matches = safeEqual(hashEnrollmentCode(normalised ?? ''), counted?.code_hash ?? '') && counted !== undefined && normalised !== null;
  if (!user || !live) {
    // The typed name is not recorded: it may be a password typed into the wrong field.
    await recordAudit(deps.db, deps.clock, { orgId: org.id, type: 'enrollment_code.failed', userId: user?.id ?? null, context, details: { reason: user ? 'no_live_code' : 'unknown_user' } });
    throw new AppError('ENROLLMENT_CODE_INVALID');
  }
  if (counted && matches && counted.failed_attempts <= ENROLLMENT_CODE_ATTEMPTS) {
    const used = await deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('enrollment_codes')
        .set((eb) => ({ used_at: now, failed_attempts: eb('failed_attempts', '-', 1) }))
        .where('id', '=', live.id)
        .where('used_at', 'is', null)
        .where('voided_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await recordAudit(trx, deps.clock, { orgId: org.id, type: 'enrollment_code.redeemed', userId: user.id, actorId: user.id, context, details: { codeId: live.id, purpose: live.purpose } });
      return true;
    });
    if (used) return user;
  }
  const attempts = counted?.failed_attempts ?? ENROLLMENT_CODE_ATTEMPTS + 1;
  const voided = attempts >= ENROLLMENT_CODE_ATTEMPTS;
  if (voided) await deps.db.updateTable('enrollment_codes').set({ voided_at: now }).where('id', '=', live.id).where('voided_at', 'is', null).where('used_at', 'is', null).execute();
  await recordAudit(deps.db, deps.clock, { orgId: org.id, type: 'enrollment_code.failed', userId: user.id, context, details: { codeId: live.id, reason: 'wrong_code', attempts: Math.min(attempts, ENROLLMENT_CODE_ATTEMPTS), voided } });
  throw new AppError('ENROLLMENT_CODE_INVALID');
}
