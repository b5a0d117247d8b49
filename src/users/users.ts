import type { Selectable } from 'kysely';
import { randomBytes } from 'node:crypto';
import { insertAudited } from '../audit/audited-write.js';
import type { Role, UsersTable } from '../db/types.js';
import { USER_COLUMNS } from '../db/columns.js';
import { precompiledRead } from '../db/precompiled.js';
import { insertUnique } from '../db/unique-violation.js';
import { AppError } from '../errors.js';
import type { Organisation } from '../orgs/organisations.js';
import { hashPassword } from '../passwords/passwords.js';
import { newUserId } from '../shared/crypto.js';
import type { Deps, RequestContext } from '../shared/deps.js';
import { checkName, HAS_NOT_IN_NAMES } from '../shared/names.js';

export type User = Selectable<UsersTable>;

/** Who a member is, as every answer about them starts. */
export function userIdentity(user: Pick<User, 'id' | 'username' | 'email' | 'display_name' | 'role'>) {
  return { id: user.id, username: user.username, email: user.email, displayName: user.display_name, role: user.role };
}

export const ROLES: readonly Role[] = ['member', 'editor', 'admin', 'operator'];
/** The roles that open the admin console (an operator's in every organisation). */
export const ADMIN_ROLES: readonly Role[] = ['admin', 'operator'];
export const isAdminRole = (role: Role) => ADMIN_ROLES.includes(role);
export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$';
const usernameRegex = new RegExp(USERNAME_PATTERN);
// One mailbox: none of the characters that would make an address list or a display name of it.
const emailRegex = /^[^\s@<>()[\],;:"\\]{1,64}@[^\s@<>()[\],;:"\\]{1,255}$/;

export interface CreateUserInput {
  org: Organisation;
  username: string;
  email?: string | null;
  displayName?: string | null;
  role?: Role;
  password?: string | null;
  actorId?: string | null;
  /** Where an admin's request came from (absent for the CLI and first start). */
  context?: RequestContext;
}

/** The address, normalised, when it is one mailbox; VALIDATION_FAILED otherwise. */
export function checkEmail(value: string): string {
  const email = normaliseIdentifier(value);
  if (!emailRegex.test(email) || HAS_NOT_IN_NAMES.test(email))
    throw new AppError('VALIDATION_FAILED', { details: { field: 'email' } });
  return email;
}

/** A role this organisation may give: operators belong to the platform organisation only. */
export function checkRole(org: Pick<Organisation, 'slug'>, role: Role): Role {
  if (!ROLES.includes(role)) throw new AppError('VALIDATION_FAILED', { details: { field: 'role' } });
  if (role === 'operator' && org.slug !== 'platform') {
    throw new AppError('VALIDATION_FAILED', {
      details: { field: 'role', rule: 'operators belong to the platform organisation' },
    });
  }
  return role;
}

export function normaliseIdentifier(identifier: string): string {
  return identifier.trim().toLowerCase();
}

export async function createUser(deps: Deps, input: CreateUserInput): Promise<User> {
  const username = normaliseIdentifier(input.username);
  if (!usernameRegex.test(username)) {
    throw new AppError('VALIDATION_FAILED', {
      details: { field: 'username', rule: 'letters, digits, . _ -, up to 64' },
    });
  }
  const email = input.email ? checkEmail(input.email) : null;
  const role = checkRole(input.org, input.role ?? 'member');
  const displayName = input.displayName?.trim()
    ? checkName(input.displayName, { field: 'displayName', max: 100 })
    : username;
  const names = [username, email, displayName, input.org.slug, input.org.name];
  const passwordHash = input.password ? await hashPassword(input.password, names) : null;

  const clash = await deps.db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', input.org.id)
    .where((eb) =>
      email
        ? eb.or([eb('username', '=', username), eb('email', '=', email), eb('username', '=', email)])
        : eb('username', '=', username),
    )
    .executeTakeFirst();
  if (clash) throw new AppError('USER_EXISTS');

  const now = deps.clock();
  const user: User = {
    id: newUserId(),
    org_id: input.org.id,
    username,
    email,
    display_name: displayName.slice(0, 100),
    display_name_key: displayName.slice(0, 100).toLowerCase(),
    role,
    status: 'active',
    // 32 random bytes: stable for the user's life, shared by all their passkeys, reveals nothing.
    // What @simplewebauthn's isoBase64URL.fromBuffer gives, without loading it for a new member.
    webauthn_user_id: randomBytes(32).toString('base64url'),
    password_hash: passwordHash,
    passkey_prompt_snoozed_until: null,
    pilot: 0,
    created_at: now,
    updated_at: now,
  };
  await insertUnique('USER_EXISTS', () =>
    insertAudited(deps, {
      orgId: input.org.id,
      type: 'user.created',
      userId: user.id,
      actorId: input.actorId ?? null,
      context: input.context,
      details: { username, role },
      insert: { table: 'users', values: user },
    }),
  );
  return user;
}

export interface FindUserByIdentifierInput {
  orgId: string;
  identifier: string;
  includeDisabled?: boolean;
}

/**
 * Finds an active user of this organisation by username or email (case-insensitive); a disabled
 * one too with `includeDisabled` (a sign-in that, once the proof is checked, says the account is disabled).
 */
export async function findUserByIdentifier(
  deps: Deps,
  { orgId, identifier, includeDisabled = false }: FindUserByIdentifierInput,
): Promise<User | undefined> {
  const value = normaliseIdentifier(identifier);
  if (value.length === 0 || value.length > 320) return undefined;
  let query = deps.db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('username', '=', value), eb('email', '=', value)]));
  if (!includeDisabled) query = query.where('status', '=', 'active');
  return query.executeTakeFirst();
}

const findUser = precompiledRead((db, values: { orgId: string; userId: string }) =>
  db.selectFrom('users').select(USER_COLUMNS).where('org_id', '=', values.orgId).where('id', '=', values.userId),
);

export async function getUser(deps: Deps, { orgId, userId }: { orgId: string; userId: string }): Promise<User> {
  const [user] = await findUser(deps, { orgId, userId });
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}

export async function countPasskeys(deps: Deps, { userId }: { userId: string }): Promise<number> {
  const row = await deps.db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
