import { disableApp, enableApp } from '../oidc/app-status.js';
import { createApp, deleteApp, listApps, rotateAppSecret } from '../oidc/clients.js';
import { rotateSigningKeys } from '../oidc/keys.js';
import { issuerOf } from '../oidc/provider.js';
import { getOrganisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { fromFlag } from '../shared/flags.js';
import { parse, required, type Out } from './commands.js';

/** `client create`: prints JSON an operator can hand to the app's developers. */
export async function clientCreate(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, {
    org: { type: 'string' },
    name: { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    public: { type: 'boolean' },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
    'backchannel-logout-uri': { type: 'string' },
    'third-party': { type: 'boolean' },
  });
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const { app, clientSecret } = await createApp(deps, {
    orgId: org.id,
    name: required(values, 'name'),
    public: values.public === true,
    redirectUris: (values['redirect-uri'] as string[] | undefined) ?? [],
    postLogoutRedirectUris: values['post-logout-redirect-uri'] as string[] | undefined,
    backchannelLogoutUri: (values['backchannel-logout-uri'] as string | undefined) ?? null,
    firstParty: values['third-party'] !== true,
    actor: null,
  });
  out(
    JSON.stringify(
      {
        issuer: issuerOf(deps, { org }),
        client_id: app.id,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
        redirect_uris: JSON.parse(app.redirect_uris) as string[],
      },
      null,
      2,
    ),
  );
}

export async function clientList(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' } });
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  for (const app of await listApps(deps, { orgId: org.id })) {
    out(
      JSON.stringify({
        client_id: app.id,
        name: app.name,
        public: fromFlag(app.public),
        first_party: fromFlag(app.first_party),
        disabled: app.disabled_at !== null,
        redirect_uris: JSON.parse(app.redirect_uris) as string[],
      }),
    );
  }
}

export async function clientDelete(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' }, 'client-id': { type: 'string' } });
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  await deleteApp(deps, { orgId: org.id, clientId: required(values, 'client-id'), actor: null });
  out('Deleted the app, with every grant and token issued to it.');
}

/** `client disable` and `client enable`: as the console's Disable and Enable. */
export async function clientStatus(deps: Deps, action: 'disable' | 'enable', args: string[], out: Out) {
  const { values } = parse(args, { org: { type: 'string' }, 'client-id': { type: 'string' } });
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const input = { orgId: org.id, clientId: required(values, 'client-id'), actor: null };
  if (action === 'disable') {
    await disableApp(deps, input);
    out('Disabled the app: it signs no one in, and every grant and token issued to it is gone.');
  } else {
    await enableApp(deps, input);
    out('Enabled the app: it signs members in again.');
  }
}

export async function clientRotateSecret(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' }, 'client-id': { type: 'string' } });
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const clientSecret = await rotateAppSecret(deps, {
    orgId: org.id,
    clientId: required(values, 'client-id'),
    actor: null,
  });
  out(JSON.stringify({ client_id: required(values, 'client-id'), client_secret: clientSecret }, null, 2));
}

export async function keysRotate(deps: Deps, args: string[], out: Out): Promise<void> {
  const { values } = parse(args, { org: { type: 'string' } });
  const org = await getOrganisation(deps, { slug: required(values, 'org') });
  const { kids } = await rotateSigningKeys(deps, { orgId: org.id, actor: null });
  out(
    `New signing keys for ${org.slug}: ${kids.join(', ')}. Tokens signed with the old ones verify for 24 more hours.`,
  );
}
