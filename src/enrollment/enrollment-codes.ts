import { recordAudit } from '../audit/record-audit.js';
import type { EnrollmentPurpose } from '../db/types.js';
import { AppError, isAppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { consumeAttempt } from '../ratelimit/limit.js';
import { newId, safeEqual } from '../shared/crypto.js';
import type { Actor, Deps, RequestContext } from '../shared/deps.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { passkeyAddedSince } from '../passkeys/manage.js';
import { lockUser } from '../users/lock-user.js';
import { findUserByIdentifier, type User } from '../users/users.js';
import { requireStillPending } from './enrollable.js';
import { requireIssuerOver } from './issuer.js';
import { generateEnrollmentCode, hashEnrollmentCode, normaliseEnrollmentCode } from './enrollment-code.js';
import { voidEnrollmentCodes } from './void-enrollment.js';
import { limitedAddress } from '../ratelimit/address.js';

// Stands in for an id when there is no user or code, so that every entry takes the same steps.
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** Wrong entries a code survives; the next one voids it. */
export const ENROLLMENT_CODE_ATTEMPTS = 5;
/** Entries per address, across every username: guessing many accounts' codes is slowed too. */
const ENTRIES_PER_IP = 30;
const ENTRY_WINDOW_MS = 15 * 60 * 1000;

export interface IssuedCode {
  /** Names the code in Activity (`codeId`): the admin's page follows what happened to this one. */
  id: string;
  /** Shown once, to the admin; only its hash is stored. */
  code: string;
  expiresAt: number;
  validForSeconds: number;
}

export interface InsertEnrollmentCodeInput {
  org: Organisation;
  user: User;
  purpose: EnrollmentPurpose;
  actor: Actor;
}

/** Issues a code in the caller's transaction; the user's earlier live codes stop working. */
export async function insertEnrollmentCode(
  deps: TxDeps,
  { org, user, purpose, actor }: InsertEnrollmentCodeInput,
): Promise<IssuedCode> {
  const now = deps.clock();
  const code = generateEnrollmentCode();
  const validForSeconds = org.enrollment_code_seconds;
  const expiresAt = now + validForSeconds * 1000;
  const current = await requireIssuerOver(deps, { actorId: actor.actorId, sessionId: actor.actorSessionId, org, user });
  await requireStillPending(deps, { org, user: current, purpose });
  await voidEnrollmentCodes(deps, { userId: user.id, now });
  const id = newId();
  await deps.db
    .insertInto('enrollment_codes')
    .values({
      id,
      org_id: org.id,
      user_id: user.id,
      code_hash: hashEnrollmentCode(deps, normaliseEnrollmentCode(code)!),
      purpose,
      created_by: actor.actorId,
      issued_session_id: actor.actorSessionId ?? null,
      failed_attempts: 0,
      expires_at: expiresAt,
      used_at: null,
      voided_at: null,
      created_at: now,
    })
    .execute();
  await recordAudit(deps, {
    orgId: org.id,
    type: 'enrollment_code.created',
    userId: user.id,
    actorId: actor.actorId,
    context: actor.context,
    details: { codeId: id, purpose, expiresAt },
  });
  return { id, code, expiresAt, validForSeconds };
}

export async function issueEnrollmentCode(
  deps: Deps,
  { org, user, actor }: { org: Organisation; user: User; actor: Actor },
): Promise<IssuedCode> {
  return inTransaction(deps, (tx) => insertEnrollmentCode(tx, { org, user, purpose: 'enroll', actor }));
}

/** The user's code that still works, if any (the admin sees when it expires, never the code). */
export async function liveEnrollmentCode(deps: Deps, { userId }: { userId: string }) {
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

export interface CheckedEnrollmentCode {
  org: Organisation;
  user: User;
  context: RequestContext;
  code: { id: string; hash: string; purpose: EnrollmentPurpose };
  issuedAt: number;
}

/** Why a right code did not sign its member in. */
type Refusal = 'account_disabled' | 'already_enrolled' | 'used_or_void';

/**
 * The member's side: username plus code, checked; `useEnrollmentCode` uses a right one in the sign-in's transaction,
 * so a sign-in refused after the check (the account disabled meanwhile) leaves the code working. Only wrong entries
 * are counted, each in one statement that also voids the code at the limit; the right code is used in one
 * conditional statement that holds only while fewer than 5 wrong entries were counted. So racing guesses cannot
 * outnumber the limit, and cannot void the code under a right entry that came before their fifth.
 * Unknown usernames, wrong, expired and used codes all get the same answer, after the same steps
 * (look up, compare, count), so neither the answer nor its timing tells which usernames exist.
 */
export async function checkEnrollmentCode(
  deps: Deps,
  input: { org: Organisation; username: string; code: string; context: RequestContext },
): Promise<CheckedEnrollmentCode> {
  const { org, context } = input;
  await consumeAttempt(deps, `enroll-code:ip:${org.id}:${limitedAddress(context.ip)}`, ENTRIES_PER_IP, ENTRY_WINDOW_MS);
  const user = await findUserByIdentifier(deps, { orgId: org.id, identifier: input.username });
  const live = await deps.db
    .selectFrom('enrollment_codes')
    .select(['id', 'code_hash', 'purpose', 'created_at'])
    .where('user_id', '=', user?.id ?? NOBODY)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('expires_at', '>', deps.clock())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const normalised = normaliseEnrollmentCode(input.code);
  const matches =
    safeEqual(hashEnrollmentCode(deps, normalised ?? ''), live?.code_hash ?? '') &&
    live !== undefined &&
    normalised !== null;
  if (user && live && matches) {
    const code = { id: live.id, hash: live.code_hash, purpose: live.purpose };
    return { org, user, context, code, issuedAt: live.created_at };
  }
  // A wrong entry: counted, and at the limit the code is void, in one statement (a no-op without a code).
  const now = deps.clock();
  const counted = await deps.db
    .updateTable('enrollment_codes')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      voided_at: eb
        .case()
        .when('failed_attempts', '>=', ENROLLMENT_CODE_ATTEMPTS - 1)
        .then(now)
        .else(eb.ref('voided_at'))
        .end(),
    }))
    .where('id', '=', live?.id ?? NOBODY)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .returning('failed_attempts')
    .executeTakeFirst();
  if (!user || !live) {
    // The typed name is not recorded: it may be a password typed into the wrong field.
    await recordAudit(deps, {
      orgId: org.id,
      type: 'enrollment_code.failed',
      userId: user?.id ?? null,
      context,
      details: { reason: user ? 'no_live_code' : 'unknown_user' },
    });
    throw new AppError('ENROLLMENT_CODE_INVALID');
  }
  // Not counted: a racing entry used or voided the code since it was looked up.
  const details: Record<string, string | number | boolean> = counted
    ? {
        codeId: live.id,
        reason: 'wrong_code',
        attempts: counted.failed_attempts,
        voided: counted.failed_attempts >= ENROLLMENT_CODE_ATTEMPTS,
      }
    : { codeId: live.id, reason: 'used_or_void' };
  await recordAudit(deps, {
    orgId: org.id,
    type: 'enrollment_code.failed',
    userId: user.id,
    context,
    details,
  });
  throw new AppError('ENROLLMENT_CODE_INVALID');
}

/**
 * Uses the checked code, in the sign-in's transaction: one conditional statement, which holds only while fewer than
 * 5 wrong entries were counted. Refused, it throws with the reason as the error's cause (see refuseEnrollmentCode).
 */
export async function useEnrollmentCode(deps: TxDeps, checked: CheckedEnrollmentCode): Promise<void> {
  const { org, user, code, context } = checked;
  // One after another with passkey registration, which voids outstanding codes.
  await lockUser(deps, { userId: user.id });
  // Enrolled since the code was issued (the registration may have raced the void): it is void too.
  if (await passkeyAddedSince(deps, { userId: user.id, since: checked.issuedAt }))
    throw new AppError('ENROLLMENT_CODE_INVALID', { cause: 'already_enrolled' satisfies Refusal });
  const now = deps.clock();
  const row = await deps.db
    .updateTable('enrollment_codes')
    .set({ used_at: now })
    .where('id', '=', code.id)
    .where('code_hash', '=', code.hash)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('expires_at', '>', now)
    .where('failed_attempts', '<', ENROLLMENT_CODE_ATTEMPTS)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('ENROLLMENT_CODE_INVALID', { cause: 'used_or_void' satisfies Refusal });
  await recordAudit(deps, {
    orgId: org.id,
    type: 'enrollment_code.redeemed',
    userId: user.id,
    actorId: user.id,
    context,
    details: { codeId: code.id, purpose: code.purpose },
  });
}

/** The refusal a failed sign-in with a checked code ended in, if it was the code's or the account's. */
export function enrollmentCodeRefusal(err: unknown): Refusal | null {
  if (isAppError(err, 'ACCOUNT_DISABLED')) return 'account_disabled';
  if (isAppError(err, 'ENROLLMENT_CODE_INVALID') && typeof err.cause === 'string') return err.cause as Refusal;
  return null;
}

/** Records why a right code did not sign its member in (after the sign-in's transaction), and refuses. */
export async function refuseEnrollmentCode(
  deps: Deps,
  { org, user, code, context }: Pick<CheckedEnrollmentCode, 'org' | 'user' | 'code' | 'context'>,
  reason: Refusal,
): Promise<never> {
  await recordAudit(deps, {
    orgId: org.id,
    type: 'enrollment_code.failed',
    userId: user.id,
    context,
    details: { codeId: code.id, reason },
  });
  throw new AppError(reason === 'account_disabled' ? 'ACCOUNT_DISABLED' : 'ENROLLMENT_CODE_INVALID');
}
