import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AdapterPayload } from 'oidc-provider';
import { insertAudited, updateAudited } from '../audit/audited-write.js';
import { actedBy, recordAudit } from '../audit/record-audit.js';
import { findInOrg } from '../db/org-rows.js';
import { namesInternalHost } from './internal-addresses.js';
import type { OidcClientsTable } from '../db/types.js';
import { AppError } from '../errors.js';
import { randomToken, sha256 } from '../shared/crypto.js';
import type { Actor, Deps } from '../shared/deps.js';
import { HAS_NOT_IN_NAMES } from '../shared/names.js';
import { inTransaction, type TxDeps } from '../shared/transaction.js';
import { fromFlag, toFlag } from '../shared/flags.js';
import { recordedSettings, settingsChanges } from './app-audit.js';
import { removeIssuedToApp } from './remove-grants.js';

export type OidcClient = Selectable<OidcClientsTable>;

/**
 * 128 random bits in hex: base64url ids could start with '-', which the CLI's `--client-id <id>`
 * reads as another option.
 */
export function newClientId(): string {
  return randomBytes(16).toString('hex');
}

export interface AppSettings {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  /** The organisation's own app: members are not asked to allow it. */
  firstParty?: boolean;
}

export interface CreateAppInput extends AppSettings {
  orgId: string;
  /** A browser or native app: no secret, PKCE required. */
  public: boolean;
  actor: Actor | null;
}

const MAX_URIS = 10;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect URI an app may register: https; http only on the loopback (native and local apps);
 * a native app's own scheme.
 */
function checkUri(value: string, isPublic: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('APP_INVALID', { details: { field: 'redirectUris', rule: 'absolute URIs' } });
  }
  const fail = (rule: string) => new AppError('APP_INVALID', { details: { field: 'redirectUris', rule } });
  if (value.length > 2000 || url.hash || url.username || url.password)
    throw fail('no fragment or credentials, at most 2000 characters');
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url.href;
  // RFC 8252 §7.1: a private-use scheme in reverse domain order, for native apps only.
  if (isPublic && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return value;
  throw fail('https://, http:// on localhost, 127.0.0.1 or [::1], or (public apps) a reverse-domain scheme');
}

/**
 * Where the server posts logout tokens: https (http on the loopback), no fragment or credentials (the address is
 * in audit events), and off this server's own network unless INTERNAL_APP_ADDRESSES allows it.
 */
function checkBackchannelUri(value: string | null | undefined, allowInternal: boolean): string | null {
  const uri = value?.trim() || null;
  if (uri === null) return null;
  const url = URL.parse(uri);
  const usable =
    url !== null &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) &&
    !url.hash &&
    !url.username &&
    !url.password &&
    (allowInternal || !namesInternalHost(url));
  if (!usable)
    throw new AppError('APP_INVALID', {
      details: {
        field: 'backchannelLogoutUri',
        rule: allowInternal
          ? 'https:// (or http on the loopback), no fragment or credentials'
          : "https://, no fragment or credentials, not on this server's own network",
      },
    });
  return uri;
}

function checkSettings(input: AppSettings, isPublic: boolean, allowInternal: boolean) {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100 || HAS_NOT_IN_NAMES.test(name))
    throw new AppError('APP_INVALID', { details: { field: 'name' } });
  const redirectUris = input.redirectUris.map((uri) => checkUri(uri.trim(), isPublic));
  const postLogout = (input.postLogoutRedirectUris ?? []).map((uri) => checkUri(uri.trim(), isPublic));
  if (redirectUris.length === 0 || redirectUris.length > MAX_URIS || postLogout.length > MAX_URIS) {
    throw new AppError('APP_INVALID', { details: { field: 'redirectUris', rule: `1 to ${MAX_URIS}` } });
  }
  const backchannel = checkBackchannelUri(input.backchannelLogoutUri, allowInternal);
  return {
    name,
    redirect_uris: JSON.stringify(redirectUris),
    post_logout_redirect_uris: JSON.stringify(postLogout),
    backchannel_logout_uri: backchannel,
    first_party: toFlag(input.firstParty ?? false),
  };
}

/** Registers an app; a confidential app's secret is returned this once and stored only as its hash. */
export async function createApp(
  deps: Deps,
  input: CreateAppInput,
): Promise<{ app: OidcClient; clientSecret: string | null }> {
  const settings = checkSettings(input, input.public, deps.config.internalAppAddresses);
  const now = deps.clock();
  const clientSecret = input.public ? null : randomToken(32);
  const app: OidcClient = {
    id: newClientId(),
    org_id: input.orgId,
    public: toFlag(input.public),
    secret_hash: clientSecret ? sha256(clientSecret) : null,
    disabled_at: null,
    created_by: input.actor?.actorId ?? null,
    created_at: now,
    updated_at: now,
    ...settings,
  };
  await insertAudited(deps, {
    orgId: input.orgId,
    type: 'app.created',
    ...actedBy(input.actor),
    details: { clientId: app.id, name: app.name, public: input.public, ...recordedSettings(app) },
    insert: { table: 'oidc_clients', values: app },
  });
  return { app, clientSecret };
}

/** An app of an organisation, by its client id. */
export interface AppRef {
  orgId: string;
  clientId: string;
}

/** A change to an app, by an admin or (null) the CLI. */
export interface AppChangeInput extends AppRef {
  actor: Actor | null;
}

export const findApp = (deps: Deps, { orgId, clientId }: AppRef) =>
  findInOrg(deps.db, { table: 'oidc_clients', orgId, id: clientId });

export async function getApp(deps: Deps, ref: AppRef): Promise<OidcClient> {
  const app = await findApp(deps, ref);
  if (!app) throw new AppError('APP_NOT_FOUND');
  return app;
}

/**
 * The app read under its row's lock, in the change's transaction: a concurrent change to it waits, so what its
 * event records as "before" cannot be stale.
 */
export async function lockedApp(tx: TxDeps, { orgId, clientId }: AppRef): Promise<OidcClient> {
  const app = await findInOrg(tx.db, { table: 'oidc_clients', orgId, id: clientId, lockedOn: tx.dialect });
  if (!app) throw new AppError('APP_NOT_FOUND');
  return app;
}

export function listApps(deps: Deps, { orgId }: { orgId: string }): Promise<OidcClient[]> {
  return deps.db
    .selectFrom('oidc_clients')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Apps whose back-channel logout URI names this server's own network while INTERNAL_APP_ADDRESSES is off (saved
 * when it was on, or before the rule): they are not sent to, and the operator is told at start-up.
 */
export async function appsLoggingOutInside(deps: Deps): Promise<Array<{ org: string; name: string }>> {
  if (deps.config.internalAppAddresses) return [];
  const apps = await deps.db
    .selectFrom('oidc_clients')
    .innerJoin('organisations', 'organisations.id', 'oidc_clients.org_id')
    .select(['organisations.slug as org', 'oidc_clients.name', 'oidc_clients.backchannel_logout_uri as uri'])
    .where('oidc_clients.backchannel_logout_uri', 'is not', null)
    .orderBy('organisations.slug')
    .orderBy('oidc_clients.name')
    .execute();
  return apps
    .filter(({ uri }) => {
      const url = URL.parse(uri ?? '');
      return url !== null && namesInternalHost(url);
    })
    .map(({ org, name }) => ({ org, name }));
}

/** Changes an app's settings; its event records what changed, before and after. */
export async function updateApp(
  deps: Deps,
  input: AppRef & { settings: AppSettings; actor: Actor },
): Promise<OidcClient> {
  return inTransaction(deps, async (tx) => {
    const app = await lockedApp(tx, input);
    const settings = checkSettings(input.settings, fromFlag(app.public), deps.config.internalAppAddresses);
    const updated = { ...app, ...settings, updated_at: deps.clock() };
    await updateAudited(tx, {
      orgId: input.orgId,
      type: 'app.updated',
      actorId: input.actor.actorId,
      context: input.actor.context,
      details: { clientId: app.id, name: settings.name, ...settingsChanges(app, updated) },
      update: { table: 'oidc_clients', id: app.id, set: { ...settings, updated_at: updated.updated_at } },
    });
    return updated;
  });
}

/** A new secret for a confidential app; the old one stops working at once. */
export async function rotateAppSecret(deps: Deps, input: AppChangeInput): Promise<string> {
  const app = await getApp(deps, input);
  if (fromFlag(app.public))
    throw new AppError('APP_INVALID', { details: { field: 'public', rule: 'public apps have no secret' } });
  const clientSecret = randomToken(32);
  await updateAudited(deps, {
    orgId: input.orgId,
    type: 'app.secret_rotated',
    ...actedBy(input.actor),
    details: { clientId: app.id },
    update: { table: 'oidc_clients', id: app.id, set: { secret_hash: sha256(clientSecret), updated_at: deps.clock() } },
  });
  return clientSecret;
}

/** Removes an app with every grant and token issued to it. */
export async function deleteApp(deps: Deps, input: AppChangeInput): Promise<void> {
  const app = await getApp(deps, input);
  await inTransaction(deps, async (tx) => {
    await removeIssuedToApp(tx.db, { orgId: input.orgId, clientId: app.id });
    await tx.db.deleteFrom('oidc_clients').where('id', '=', app.id).execute();
    await recordAudit(tx, {
      orgId: input.orgId,
      type: 'app.deleted',
      ...actedBy(input.actor),
      details: { clientId: app.id, name: app.name },
    });
  });
}

/**
 * Native apps use loopback or private-use redirect URIs (RFC 8252), maybe beside claimed https ones;
 * everything else is a web app. The provider refuses a web app's private-use URIs outright.
 */
function applicationType(redirectUris: string[]): 'native' | 'web' {
  const schemes = redirectUris.map((uri) => uri.slice(0, uri.indexOf(':') + 1));
  return schemes.some((s) => s !== 'https:' && s !== 'http:') || !schemes.includes('https:') ? 'native' : 'web';
}

/** The app as oidc-provider's client metadata. `client_secret` holds the hash: the provider compares hashes. */
export async function clientMetadata(deps: Deps, ref: AppRef): Promise<AdapterPayload | undefined> {
  const app = await findApp(deps, ref);
  // Disabled: to the provider, no such client. Every endpoint refuses it (invalid_client) and no token of its works.
  if (!app || app.disabled_at !== null) return undefined;
  const redirectUris = JSON.parse(app.redirect_uris) as string[];
  return {
    client_id: app.id,
    client_name: app.name,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: JSON.parse(app.post_logout_redirect_uris) as string[],
    application_type: fromFlag(app.public) ? applicationType(redirectUris) : 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: fromFlag(app.public) ? 'none' : 'client_secret_basic',
    ...(app.secret_hash ? { client_secret: app.secret_hash } : {}),
    ...(app.backchannel_logout_uri
      ? { backchannel_logout_uri: app.backchannel_logout_uri, backchannel_logout_session_required: false }
      : {}),
  };
}
