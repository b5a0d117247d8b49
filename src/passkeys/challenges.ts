import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Ceremony, DB } from '../db/types.js';
import { AppError } from '../errors.js';
import { precompiledRead, precompiledWrite } from '../db/precompiled.js';
import { deriveKey, newId, randomBytes } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';

/** The spec recommends at least five minutes for a ceremony with user verification. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** Where a challenge may be used: the browser, the ceremony, the organisation. */
export interface ChallengeScope {
  orgId: string;
  bindingHash: string;
  ceremony: Ceremony;
}

export interface IssueChallengeInput extends ChallengeScope {
  /** The account a registration or re-verification is for; none for a sign-in. */
  userId?: string | null;
}

/** A challenge that opened: issued by this server, for this scope, not expired. */
export interface OpenedChallenge extends ChallengeScope {
  /** As the browser signed it (base64url), to compare with clientDataJSON. */
  challenge: string;
  userId: string | null;
  expiresAt: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const RANDOM_BYTES = 32;
const keys = new WeakMap<Buffer, Buffer>();

function challengeKey(deps: Deps): Buffer {
  let key = keys.get(deps.serverSecret);
  if (!key) keys.set(deps.serverSecret, (key = deriveKey(deps.serverSecret, 'webauthn-challenge')));
  return key;
}

// The scope is authenticated, not carried: a challenge issued to another browser, ceremony or organisation
// does not open.
const scopeData = (scope: ChallengeScope) =>
  Buffer.from(`${scope.orgId}\n${scope.bindingHash}\n${scope.ceremony}`, 'utf8');

/**
 * A new challenge, sealed (AES-256-GCM under a key derived from the server secret) around 32 random
 * bytes, its expiry and its account: issuing one writes nothing, so asking for passkey options costs no
 * database write, and any instance sharing the secret can open it. Used once: see takeChallenge.
 */
export function issueChallenge(deps: Deps, input: IssueChallengeInput): Uint8Array<ArrayBuffer> {
  const expiresAt = Buffer.alloc(8);
  expiresAt.writeBigUInt64BE(BigInt(deps.clock() + CHALLENGE_TTL_MS));
  const plain = Buffer.concat([randomBytes(RANDOM_BYTES), expiresAt, Buffer.from(input.userId ?? '', 'utf8')]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', challengeKey(deps), iv).setAAD(scopeData(input));
  return new Uint8Array(Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]));
}

/** Opens the challenge a browser signed; anything not issued for this scope, or expired, is CHALLENGE_INVALID. */
export function openChallenge(deps: Deps, scope: ChallengeScope & { challenge: string }): OpenedChallenge {
  const sealed = Buffer.from(scope.challenge, 'base64url');
  if (sealed.length < IV_BYTES + RANDOM_BYTES + 8 + TAG_BYTES) throw new AppError('CHALLENGE_INVALID');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', challengeKey(deps), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(scopeData(scope)).setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError('CHALLENGE_INVALID');
  }
  const expiresAt = Number(plain.readBigUInt64BE(RANDOM_BYTES));
  if (expiresAt <= deps.clock()) throw new AppError('CHALLENGE_INVALID');
  const userId = plain.subarray(RANDOM_BYTES + 8).toString('utf8') || null;
  return { ...scope, userId, expiresAt };
}

/** What finds a used challenge's mark: the challenge and its expiry (migration 0013: marks are kept by expiry). */
export type MarkKey = Pick<OpenedChallenge, 'challenge' | 'expiresAt'>;

/** The mark of a used challenge (its id), as a query to read alone or beside other rows (see checkAssertion). */
export const usedMark = (db: Kysely<DB>, { challenge, expiresAt }: MarkKey) =>
  db.selectFrom('challenges').select('id').where('expires_at', '=', expiresAt).where('challenge', '=', challenge);

const findUsed = precompiledRead((db, values: MarkKey) => usedMark(db, values));

/**
 * Refuses an opened challenge that has been used, without taking it (a read only): a replayed assertion is
 * refused before its signature and counter are looked at. takeChallenge, in the transaction that records
 * the proof, settles a race between two requests that both got this far.
 */
export async function refuseIfUsed(deps: Deps, opened: OpenedChallenge): Promise<void> {
  const [used] = await findUsed(deps, { challenge: opened.challenge, expiresAt: opened.expiresAt });
  if (used) throw new AppError('CHALLENGE_INVALID');
}

// Every passkey sign-in writes one: built once (precompiled.ts); a challenge already marked is left as it is. No
// conflict target: PostgreSQL keeps the challenge's own unique index for now (migration 0013), and a mark racing
// another must be left as it is by either index, not fail on the one that is not the target.

const markUsed = precompiledWrite(
  (
    db,
    v: {
      id: string;
      orgId: string;
      bindingHash: string;
      ceremony: Ceremony;
      challenge: string;
      userId: string | null;
      expiresAt: number;
      createdAt: number;
    },
  ) =>
    db
      .insertInto('challenges')
      .values({
        id: v.id,
        org_id: v.orgId,
        binding_hash: v.bindingHash,
        ceremony: v.ceremony,
        challenge: v.challenge,
        user_id: v.userId,
        expires_at: v.expiresAt,
        created_at: v.createdAt,
      })
      .onConflict((conflict) => conflict.doNothing()),
);

/**
 * Marks an opened challenge used, in the caller's transaction: the first request to do so wins, any
 * other (a replay, a double submit, another instance) gets CHALLENGE_INVALID. The mark is kept until a
 * while after the challenge expires (challenge-sweep.ts). `orElse: 'ignore'` marks it when a failure is
 * recorded, used or not.
 */
export async function takeChallenge(
  deps: Deps,
  { opened, orElse = 'refuse' }: { opened: OpenedChallenge; orElse?: 'refuse' | 'ignore' },
): Promise<void> {
  const now = deps.clock();
  const mark = {
    id: newId(),
    orgId: opened.orgId,
    bindingHash: opened.bindingHash,
    ceremony: opened.ceremony,
    challenge: opened.challenge,
    userId: opened.userId,
    expiresAt: opened.expiresAt,
    createdAt: now,
  };
  await markUsed.queue(deps, mark, orElse === 'refuse' ? () => new AppError('CHALLENGE_INVALID') : undefined);
}

/** Opens and takes a challenge at once, for ceremonies that write nothing else before they check it. */
export async function consumeChallenge(
  deps: Deps,
  scope: ChallengeScope & { challenge: string },
): Promise<OpenedChallenge> {
  const opened = openChallenge(deps, scope);
  await takeChallenge(deps, { opened });
  return opened;
}
