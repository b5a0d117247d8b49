import { parseArgs } from 'node:util';
import { createSetupLink } from '../enrollment/setup-links.js';
import { getOrganisation, createOrganisation } from '../orgs/organisations.js';
import { setOrganisationRpId } from '../orgs/rp-id.js';
import type { Deps } from '../shared/deps.js';
import { countPasskeys, createUser, findUserByIdentifier, ROLES } from '../users/users.js';
import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import { ROLLOUTS, updatePasskeyPolicy, type PolicyChanges } from '../policy/update-policy.js';
import { UsageError } from './usage.js';

export type Out = (line: string) => void;

/** Whether the CLI knows the server's PUBLIC_URL (set, or stored by the server at start); require() refuses if not. */
export interface PublicUrlState {
  known: boolean;
  require(): void;
}

export function parse(
  args: string[],
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
  positionals = 0,
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length !== positionals)
    throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length}`);
  return parsed;
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

export async function orgCreate(deps: Deps, args: string[], out: Out, url: PublicUrlState): Promise<void> {
  const { values, positionals } = parse(args, { name: { type: 'string' } }, 1);
  const org = await createOrganisation(deps, { slug: positionals[0]!, name: required(values, 'name') });
  const signInPage = url.known ? ` Sign-in page: ${new URL(`/o/${org.slug}/sign-in`, deps.config.publicUrl)}` : '';
  out(`Created organisation ${org.slug} (${org.name}).${signInPage}`);
  out(
    `Passkeys are off until made available: latchkey org set ${org.slug} --passkeys-available on --passkeys optional`,
  );
}

function onOff(values: Record<string, unknown>, name: string): boolean | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (value !== 'on' && value !== 'off') throw new UsageError(`--${name} must be on or off`);
  return value === 'on';
}

function oneOf<T extends string>(values: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** `org set`: the operator's switch and the admin's settings, with the same audit events as the pages. */
export async function orgSet(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values, positionals } = parse(
    args,
    {
      'passkeys-available': { type: 'string' },
      passkeys: { type: 'string' },
      'password-fallback': { type: 'string' },
      rollout: { type: 'string' },
      'prompt-snooze-days': { type: 'string' },
      'rp-id': { type: 'string' },
      force: { type: 'boolean' },
    },
    1,
  );
  const passkeys = oneOf(values, 'passkeys', ['off', 'optional', 'mandatory'] as const);
  const snooze = values['prompt-snooze-days'];
  if (snooze !== undefined && !/^\d{1,3}$/.test(String(snooze)))
    throw new UsageError('--prompt-snooze-days must be a whole number of days');
  const changes: PolicyChanges = {
    passkeysAvailable: onOff(values, 'passkeys-available'),
    passkeysEnabled: passkeys === undefined ? undefined : passkeys !== 'off',
    passkeysMandatory: passkeys === undefined || passkeys === 'off' ? undefined : passkeys === 'mandatory',
    passwordFallback: onOff(values, 'password-fallback'),
    rollout: oneOf(values, 'rollout', ROLLOUTS),
    promptSnoozeDays: snooze === undefined ? undefined : Number(snooze),
  };
  const rpId = values['rp-id'] as string | undefined;
  const policyChanged = Object.values(changes).some((v) => v !== undefined);
  if (!policyChanged && rpId === undefined) throw new UsageError('org set needs at least one setting to change');
  if (values.force && rpId === undefined) throw new UsageError('--force only goes with --rp-id');
  const org = await getOrganisation(deps, { slug: positionals[0]! });
  if (rpId !== undefined) {
    const updated = await setOrganisationRpId(deps, {
      org,
      rpId: rpId === 'shared' ? null : rpId,
      force: values.force === true,
      actorId: null,
      via: 'cli',
    });
    out(`${org.slug}: passkey domain (RP ID) ${updated.rp_id ?? `${deps.config.rpId} (shared)`}.`);
  }
  if (!policyChanged) return;
  const policy = await updatePasskeyPolicy(deps, { org, changes, actor: { actorId: null, via: 'cli' } });
  const state = !policy.passkeysAvailable
    ? 'not available'
    : !policy.passkeysEnabled
      ? 'available, off'
      : policy.passkeysMandatory
        ? 'mandatory'
        : 'optional';
  out(
    `${org.slug}: passkeys ${state}; password sign-in for members with a passkey ` +
      `${policy.passwordFallback ? 'allowed' : 'off'}; rollout ${policy.rollout}; "Do this later" snoozes ` +
      `${policy.promptSnoozeDays} days.`,
  );
}

export async function userCreate(
  deps: Deps,
  args: string[],
  out: Out,
  readStdin: () => Promise<string>,
): Promise<void> {
  const { values } = parse(args, {
    org: { type: 'string' },
    username: { type: 'string' },
    email: { type: 'string' },
    'display-name': { type: 'string' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  const role = (values.role ?? 'member') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  // A password on the command line would land in shell history and `ps`; it is only read from stdin.
  const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : null;
  if (values['password-stdin'] && !password)
    throw new UsageError('--password-stdin was given but standard input was empty');
  const user = await createUser(deps, {
    org,
    username: required(values, 'username'),
    email: values.email as string | undefined,
    displayName: values['display-name'] as string | undefined,
    role,
    password,
  });
  out(`Created ${user.role} ${user.username} in ${org.slug}${password ? ' with a password' : ''}.`);
}

/**
 * `enroll-link`: a one-time setup link. Like the console, it refuses someone already Enrolled (a link
 * beside their passkeys is a way into the account) unless `--force`, which the audit event records.
 */
export async function enrollLink(deps: Deps, args: string[], out: Out, url: PublicUrlState): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' }, username: { type: 'string' }, force: { type: 'boolean' } });
  url.require();
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const user = await findUserByIdentifier(deps, { orgId: org.id, identifier: required(values, 'username') });
  if (!user) throw new AppError('USER_NOT_FOUND');
  const passkeys = await countPasskeys(deps, { userId: user.id });
  if (passkeys > 0 && values.force !== true)
    throw new AppError('USER_ALREADY_ENROLLED', { details: { passkeys, override: '--force' } });
  const link = await createSetupLink(deps, {
    org,
    user,
    createdBy: null,
    auditDetails: passkeys > 0 ? { via: 'cli', forced: true, passkeys } : { via: 'cli' },
  });
  out(link.url);
  out(`(works once, until ${new Date(link.expiresAt).toISOString()})`);
}
