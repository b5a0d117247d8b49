import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Organisation } from '../orgs/organisations.js';
import { deriveKey, safeEqual, sha256 } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { findAccount } from './account.js';
import { discoveryAsSent } from './discovery.js';
import { leavesForDevice } from './device-redirect.js';
import { endLatchkeySessionOnLogout } from './end-session.js';
import { loadExistingGrant } from './existing-grant.js';
import { oidcAdapter } from './adapter.js';
import { keysVersion, signingKeys } from './keys.js';
import { loadOidcProvider, type OidcModule } from './load.js';
import { oidcPages } from './pages.js';
import { ACR_VALUES } from './sign-in-facts.js';
import { missingForApp, type MissingForApp } from './missing-for-app.js';
import { SCOPES } from './scopes.js';
import { externalLookup, namesInternalHost } from './internal-addresses.js';

export interface ProviderOptions {
  org: Organisation;
}

const logToStderr = (err: unknown) =>
  process.stderr.write(`OpenID provider error: ${String((err as Error)?.stack ?? err)}\n`);

// Each request's own log: a provider is kept for many requests, so its errors go to the one that met them.
const requestLogs = new WeakMap<IncomingMessage, (err: unknown) => void>();

/** Where the provider's unexpected errors in this request go (never to the client); standard error by default. */
export function logProviderErrors(req: IncomingMessage, logError: (err: unknown) => void): void {
  requestLogs.set(req, logError);
}

const MAX_CACHED = 500;
const cache = new Map<string, { provider: Provider; version: string }>();

/** The organisation's issuer: PUBLIC_URL/o/<org>. */
export const issuerOf = (deps: Deps, { org }: { org: Organisation }) =>
  new URL(`/o/${org.slug}`, deps.config.publicUrl).href;

/**
 * One oidc-provider per organisation (its own issuer, keys and clients), kept while its keys are
 * the same; every instance rebuilds it when a key is rotated. Its state lives in the database.
 */
export async function providerFor(deps: Deps, options: ProviderOptions): Promise<Provider> {
  const { org } = options;
  const version = `${org.slug}:${await keysVersion(deps, { orgId: org.id })}`;
  const cached = cache.get(org.id);
  if (cached && cached.version === version) return cached.provider;
  const { keys, version: keysNow } = await signingKeys(deps, { orgId: org.id });
  const oidc = await loadOidcProvider();
  const provider = new oidc.default(issuerOf(deps, { org }), configuration(oidc, deps, org, keys));
  // Behind the HTTP edge, which passes PUBLIC_URL's scheme and host: URLs and Secure cookies follow PUBLIC_URL.
  provider.proxy = true;
  // Client secrets are stored hashed; the provider is given the hash and compares the hash of what it receives.
  provider.Client.prototype.compareClientSecret = function compare(this: { clientSecret?: string }, actual: string) {
    return Promise.resolve(typeof this.clientSecret === 'string' && safeEqual(this.clientSecret, sha256(actual)));
  };
  provider.use(endLatchkeySessionOnLogout(deps, { org }));
  provider.use(discoveryAsSent());
  provider.on('server_error', (ctx: KoaContextWithOIDC, err: unknown) =>
    (requestLogs.get(ctx.req) ?? logToStderr)(err),
  );
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(org.id, { provider, version: `${org.slug}:${keysNow}` });
  return provider;
}

function configuration(
  { interactionPolicy }: OidcModule,
  deps: Deps,
  org: Organisation,
  keys: object[],
): Configuration {
  const policy = interactionPolicy.base();
  const pages = oidcPages(deps, { slug: org.slug });
  // Latchkey's session is the one that counts: an app's grant must have been made under the session
  // this browser has now, by the same member, strongly enough for what the app asks. Each check names what is
  // missing, for an app that asked with prompt=none (OpenID Connect Core 3.1.2.6).
  const missing = (ctx: KoaContextWithOIDC) => missingForApp(deps, { org, ctx });
  const { Check, Prompt } = interactionPolicy;
  // Apps may ask which account (prompt=select_account): the sign-in page asks it (interaction.ts).
  policy.add(new Prompt({ name: 'select_account', requestable: true }));
  const login = policy.get('login')!.checks;
  const checks: Array<[reason: string, description: string, error: string, lacking: MissingForApp]> = [
    ['latchkey_session', 'Sign in to Latchkey', 'login_required', 'sign-in'],
    ['latchkey_consent', 'Allow the app', 'consent_required', 'consent'],
    ['latchkey_grant', 'Sign in to the app', 'interaction_required', 'grant'],
  ];
  for (const [reason, description, error, lacking] of checks)
    login.add(new Check(reason, description, error, async (ctx) => (await missing(ctx)) === lacking));
  // Until the member has answered on the page (its result), whatever else this request has (device-redirect.ts).
  login.add(
    new Check('latchkey_device_redirect', 'Confirm the app on this device', 'interaction_required', (ctx) =>
      leavesForDevice({
        isPublic: ctx.oidc.client?.clientAuthMethod === 'none',
        redirectUri: ctx.oidc.params?.redirect_uri,
      }) && !(ctx.oidc.result && 'consent' in ctx.oidc.result)
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT,
    ),
  );
  return {
    adapter: oidcAdapter(deps, { orgId: org.id }),
    clients: [],
    findAccount: (_ctx, sub) => findAccount(deps, { org, sub }),
    loadExistingGrant: (ctx) => loadExistingGrant(deps, { org, ctx }),
    // acr, amr and auth_time go with openid: every ID token says how the member signed in.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: SCOPES,
    responseTypes: ['code'],
    // Secrets are stored hashed, so nothing may use one as a key (client_secret_jwt):
    // a secret in the header, or none with PKCE.
    clientAuthMethods: ['client_secret_basic', 'none'],
    acrValues: ACR_VALUES,
    // PKCE (S256 only) for every public client; confidential clients may use it too.
    pkce: { methods: ['S256'], required: (_ctx, client) => client.clientAuthMethod === 'none' },
    allowOmittingSingleRegisteredRedirectUri: false,
    cookies: {
      keys: [deriveKey(deps.serverSecret, `oidc-cookies:${org.id}`).toString('base64url')],
      names: { session: `lk_oidc_${org.slug}`, interaction: 'lk_oidc_interaction', resume: 'lk_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    jwks: { keys },
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      introspectionSigningAlgValues: ['RS256', 'ES256'],
      authorizationSigningAlgValues: ['RS256', 'ES256'],
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      // An app learns about its own tokens only, never another app's.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      // Without sessions (no sid in ID or logout tokens), whatever discovery says by default: see discovery.ts.
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logoutSource,
        postLogoutSuccessSource: pages.postLogoutSuccessSource,
      },
    },
    routes: {
      authorization: '/oidc/auth',
      token: '/oidc/token',
      userinfo: '/oidc/userinfo',
      jwks: '/oidc/jwks',
      end_session: '/oidc/session/end',
      revocation: '/oidc/token/revocation',
      introspection: '/oidc/token/introspection',
      // Pushed authorization requests are on by default: under /oidc like the rest, or discovery names a 404.
      pushed_authorization_request: '/oidc/request',
    },
    interactions: { url: (_ctx, interaction) => `/api/o/${org.slug}/oidc/interaction/${interaction.uid}`, policy },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 15 * 60,
      RefreshToken: 30 * 24 * 60 * 60,
      Grant: 30 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
    },
    // Every app may refresh; each refresh token works once (rotation), and dies with its grant.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Tokens end with their grant's Latchkey session (see the adapter), not with the provider's cookie.
    expiresWithSession: async () => false,
    clientBasedCORS: (ctx, origin, client) =>
      origin !== 'null' &&
      (ctx.oidc.route === 'userinfo' || client.clientAuthMethod === 'none') &&
      (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin),
    renderError: pages.renderError,
    // Back-channel logout is the one request the provider sends for an app: kept off this server's own network
    // unless allowed (a name is checked where it resolves; an address, which is never looked up, here).
    httpOptions: (url) =>
      deps.config.internalAppAddresses
        ? {}
        : { dnsLookup: externalLookup, ...(namesInternalHost(url) ? { signal: AbortSignal.abort() } : {}) },
  };
}
