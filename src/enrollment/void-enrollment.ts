import type { TxDeps } from '../shared/transaction.js';

interface VoidInput {
  userId: string;
  now: number;
}

/** Whose links and codes: the member's they are for, those someone issued, or those shown in a session. */
type Whose = 'user_id' | 'created_by' | 'issued_session_id';

async function voidLinks(deps: TxDeps, whose: Whose, id: string | string[], now: number): Promise<number> {
  const result = await deps.db
    .updateTable('enrollment_links')
    .set({ used_at: now })
    .where(whose, 'in', [id].flat())
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function voidCodes(deps: TxDeps, whose: Whose, id: string | string[], now: number): Promise<number> {
  const result = await deps.db
    .updateTable('enrollment_codes')
    .set({ voided_at: now })
    .where(whose, 'in', [id].flat())
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Voids the member's live enrollment links (setup links too) in the caller's transaction; returns how many. */
export const voidEnrollmentLinks = (deps: TxDeps, { userId, now }: VoidInput): Promise<number> =>
  voidLinks(deps, 'user_id', userId, now);

/** Voids the member's unused enrollment codes in the caller's transaction; returns how many. */
export const voidEnrollmentCodes = (deps: TxDeps, { userId, now }: VoidInput): Promise<number> =>
  voidCodes(deps, 'user_id', userId, now);

/**
 * Voids the member's outstanding enrollment links and codes in the caller's transaction: when a passkey is
 * registered, and in a recovery. Returns how many of each.
 */
export async function voidOutstandingEnrollment(
  deps: TxDeps,
  input: VoidInput,
): Promise<{ links: number; codes: number }> {
  const links = await voidEnrollmentLinks(deps, input);
  const codes = await voidEnrollmentCodes(deps, input);
  return { links, codes };
}

/**
 * Voids the live links and codes `issuerId` made for members, in the caller's transaction, once they may issue no
 * more (disabled, deleted, no longer an admin): a code is shown to whoever issued it, and without email so is a
 * link, so they may still hold it. The members get a new one from another admin. Returns how many of each.
 */
export async function voidIssuedBy(
  deps: TxDeps,
  { issuerId, now }: { issuerId: string; now: number },
): Promise<{ links: number; codes: number }> {
  return {
    links: await voidLinks(deps, 'created_by', issuerId, now),
    codes: await voidCodes(deps, 'created_by', issuerId, now),
  };
}

/**
 * Voids the live links and codes shown in these sessions (to an admin, when issued), in the transaction that ends
 * them: whoever holds an ended session (a stolen phone) may hold what it was shown. Returns how many of each.
 */
export async function voidShownIn(
  deps: TxDeps,
  { sessionIds, now }: { sessionIds: string[]; now: number },
): Promise<{ links: number; codes: number }> {
  if (sessionIds.length === 0) return { links: 0, codes: 0 };
  return {
    links: await voidLinks(deps, 'issued_session_id', sessionIds, now),
    codes: await voidCodes(deps, 'issued_session_id', sessionIds, now),
  };
}

/** Counts of voided links and codes as audit details under these names (nothing when none was voided). */
const voidedAs =
  (linksName: string, codesName: string) =>
  ({ links, codes }: { links: number; codes: number }): Record<string, number> =>
    links + codes > 0 ? { [linksName]: links, [codesName]: codes } : {};

/** What voidOutstandingEnrollment voided, as audit details. */
export const voidedEnrollment = voidedAs('voidedLinks', 'voidedCodes');

/** What voidIssuedBy voided, as audit details. */
export const issuedVoided = voidedAs('voidedIssuedLinks', 'voidedIssuedCodes');
