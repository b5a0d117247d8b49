import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import { getOrganisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { deleteUser, disableUser, enableUser, updateUserProfile, type ProfileChanges } from '../users/lifecycle.js';
import { findUserByIdentifier, ROLES } from '../users/users.js';
import { parse, required, type Out } from './commands.js';
import { UsageError } from './usage.js';

/** The org and user named by --org and --username (disabled users too). */
async function target(deps: Deps, values: Record<string, unknown>) {
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const user = await findUserByIdentifier(deps, {
    orgId: org.id,
    identifier: required(values, 'username'),
    includeDisabled: true,
  });
  if (!user) throw new AppError('USER_NOT_FOUND');
  return { org, user };
}

const CLI = { actor: null } as const;

/** `user disable|enable|delete --org <slug> --username <u>`: the console's actions, audited as done from the CLI. */
export async function userStatus(
  deps: Deps,
  action: 'disable' | 'enable' | 'delete',
  args: string[],
  out: Out,
): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' }, username: { type: 'string' } });
  const { org, user } = await target(deps, values);
  if (action === 'delete') {
    await deleteUser(deps, { org, target: user, confirmUsername: user.username, by: CLI });
    out(`Deleted ${user.username} from ${org.slug}, with their passkeys, sessions, links, codes and app grants.`);
  } else if (action === 'disable') {
    await disableUser(deps, { org, target: user, by: CLI });
    out(
      `Disabled ${user.username} in ${org.slug}: signed out everywhere; every sign-in is refused until: ` +
        `latchkey user enable --org ${org.slug} --username ${user.username}`,
    );
  } else {
    await enableUser(deps, { org, target: user, by: CLI });
    out(`Enabled ${user.username} in ${org.slug}: they sign in again with the passkeys and password they had.`);
  }
}

/** `user set --org <slug> --username <u> [--email …] [--role …] [--display-name …]`. */
export async function userSet(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, {
    org: { type: 'string' },
    username: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
  });
  const role = values.role as Role | undefined;
  if (role !== undefined && !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const changes: ProfileChanges = {
    displayName: values['display-name'] as string | undefined,
    email: values.email as string | undefined,
    role,
  };
  if (Object.values(changes).every((v) => v === undefined))
    throw new UsageError('user set needs --email, --role or --display-name');
  const { org, user } = await target(deps, values);
  const updated = await updateUserProfile(deps, { org, target: user, changes, by: CLI });
  out(
    `${updated.username} in ${org.slug}: ${updated.role}, ${updated.email ?? 'no email'}, "${updated.display_name}".`,
  );
}
