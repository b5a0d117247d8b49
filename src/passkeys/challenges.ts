import type { Selectable } from 'kysely';
import type { Ceremony, ChallengesTable } from '../db/types.js';
import { AppError } from '../errors.js';
import { newId } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';

export type Challenge = Selectable<ChallengesTable>;

/** The spec recommends at least five minutes for a ceremony with user verification. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export interface IssueChallengeInput {
  orgId: string;
  bindingHash: string;
  ceremony: Ceremony;
  challenge: string;
  userId?: string | null;
}

/** Expired challenges are cleared at most this often per database: one more write per ceremony would cost more. */
const SWEEP_INTERVAL_MS = 10_000;
const lastSweep = new WeakMap<object, number>();

export async function storeChallenge(deps: Deps, input: IssueChallengeInput): Promise<void> {
  const now = deps.clock();
  // Expired challenges are useless (consumeChallenge refuses them); clearing them here keeps the table small
  // without a timer.
  const swept = lastSweep.get(deps.db);
  if (swept === undefined || now - swept >= SWEEP_INTERVAL_MS || now < swept) {
    lastSweep.set(deps.db, now);
    await deps.db.deleteFrom('challenges').where('expires_at', '<=', now).execute();
  }
  await deps.db
    .insertInto('challenges')
    .values({
      id: newId(),
      org_id: input.orgId,
      binding_hash: input.bindingHash,
      ceremony: input.ceremony,
      challenge: input.challenge,
      user_id: input.userId ?? null,
      expires_at: now + CHALLENGE_TTL_MS,
      created_at: now,
    })
    .execute();
}

export interface ConsumeChallengeInput {
  orgId: string;
  bindingHash: string;
  ceremony: Ceremony;
  challenge: string;
}

/**
 * Takes a challenge out of the store, in one statement so two requests cannot both use it.
 * It must have been issued to this browser, for this ceremony, in this organisation, and not have expired.
 */
export async function consumeChallenge(deps: Deps, input: ConsumeChallengeInput): Promise<Challenge> {
  const row = await deps.db
    .deleteFrom('challenges')
    .where('challenge', '=', input.challenge)
    .where('binding_hash', '=', input.bindingHash)
    .where('ceremony', '=', input.ceremony)
    .where('org_id', '=', input.orgId)
    .returningAll()
    .executeTakeFirst();
  if (!row || row.expires_at <= deps.clock()) throw new AppError('CHALLENGE_INVALID');
  return row;
}

/**
 * Finds a challenge without taking it: a sign-in checks the assertion first and takes the challenge
 * in the transaction that starts the session (takeChallenge), so a whole sign-in commits once.
 */
export async function findChallenge(deps: Deps, input: ConsumeChallengeInput): Promise<Challenge> {
  const row = await deps.db
    .selectFrom('challenges')
    .selectAll()
    .where('challenge', '=', input.challenge)
    .where('binding_hash', '=', input.bindingHash)
    .where('ceremony', '=', input.ceremony)
    .where('org_id', '=', input.orgId)
    .executeTakeFirst();
  if (!row || row.expires_at <= deps.clock()) throw new AppError('CHALLENGE_INVALID');
  return row;
}

/** Takes a found challenge out of the store; only one request can: the other gets CHALLENGE_INVALID. */
export async function takeChallenge(deps: Deps, { challengeId }: { challengeId: string }): Promise<void> {
  const { numDeletedRows } = await deps.db.deleteFrom('challenges').where('id', '=', challengeId).executeTakeFirst();
  if (Number(numDeletedRows) === 0) throw new AppError('CHALLENGE_INVALID');
}
