import { parseArgs } from 'node:util';
import { createSetupLink } from '../enrollment/setup-links.js';
import { getOrganisation, createOrganisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { createUser, findUserByIdentifier, ROLES } from '../users/users.js';
import type { Role } from '../db/types.js';
import { AppError } from '../errors.js';
import { UsageError } from './usage.js';

type Out = (line: string) => void;

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals.length !== positionals) throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length}`);
  return parsed;
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

export async function orgCreate(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values, positionals } = parse(args, { name: { type: 'string' } }, 1);
  const org = await createOrganisation(deps, { slug: positionals[0]!, name: required(values, 'name'), passkeysAvailable: true, passkeysEnabled: true });
  out(`Created organisation ${org.slug} (${org.name}). Sign-in page: ${new URL(`/o/${org.slug}/sign-in`, deps.config.publicUrl)}`);
}

export async function userCreate(deps: Deps, args: string[], out: Out, readStdin: () => Promise<string>): Promise<void> {
  const { values } = parse(args, {
    org: { type: 'string' }, username: { type: 'string' }, email: { type: 'string' }, 'display-name': { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' },
  });
  const role = (values.role ?? 'member') as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const org = await getOrganisation(deps, required(values, 'org'));
  // A password on the command line would land in shell history and `ps`; it is only read from stdin.
  const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : null;
  if (values['password-stdin'] && !password) throw new UsageError('--password-stdin was given but standard input was empty');
  const user = await createUser(deps, { org, username: required(values, 'username'), email: values.email as string | undefined, displayName: values['display-name'] as string | undefined, role, password });
  out(`Created ${user.role} ${user.username} in ${org.slug}${password ? ' with a password' : ''}.`);
}

export async function enrollLink(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' }, username: { type: 'string' } });
  const org = await getOrganisation(deps, required(values, 'org'));
  const user = await findUserByIdentifier(deps, org.id, required(values, 'username'));
  if (!user) throw new AppError('USER_NOT_FOUND');
  const link = await createSetupLink(deps, org, user, null);
  out(link.url);
  out(`(works once, until ${new Date(link.expiresAt).toISOString()})`);
}
