import http from 'node:http';
import * as oidc from 'openid-client';
import { createApp } from '../../src/oidc/clients.js';
import type { Organisation } from '../../src/orgs/organisations.js';
import { freePort } from './free-port.js';
import { createHarness, type Browser, type Harness } from './harness.js';
import type { Dialect } from '../../src/db/database.js';

/** A harness whose server also listens on a real port, as OpenID clients (openid-client) need. */
export async function listeningHarness(
  dialect: Dialect,
  env: Record<string, string> = {},
  { logs }: { logs?: string[] } = {},
): Promise<Harness & { origin: string }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const h = await createHarness(dialect, { PUBLIC_URL: origin, ...env }, { realTime: true, logs });
  await h.app.listen({ host: 'localhost', port });
  return Object.assign(h, { origin });
}

export interface TestApp {
  clientId: string;
  clientSecret: string | null;
  config: oidc.Configuration;
  redirectUri: string;
}

/** Registers an app in the organisation and discovers the issuer with openid-client. */
export async function registerApp(
  h: Harness & { origin: string },
  org: Organisation,
  options: { public?: boolean; firstParty?: boolean; redirectUri?: string; backchannelLogoutUri?: string } = {},
): Promise<TestApp> {
  const redirectUri = options.redirectUri ?? 'https://app.example/callback';
  const { app, clientSecret } = await createApp(h.deps, {
    orgId: org.id,
    name: 'Field App',
    public: options.public ?? false,
    redirectUris: [redirectUri],
    postLogoutRedirectUris: ['https://app.example/signed-out'],
    firstParty: options.firstParty ?? true,
    backchannelLogoutUri: options.backchannelLogoutUri ?? null,
    actor: null,
  });
  const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
  const config = await oidc.discovery(new URL(`${h.origin}/o/${org.slug}`), app.id, undefined, auth, {
    execute: [oidc.allowInsecureRequests],
  });
  return { clientId: app.id, clientSecret, config, redirectUri };
}

/** Starts an authorization request like an app; returns where the browser lands and what to check the answer with. */
export function authorizationRequest(app: TestApp, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  return oidc.calculatePKCECodeChallenge(verifier).then((challenge) => ({
    url: oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: app.redirectUri,
      scope: 'openid profile email',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      ...extra,
    }),
    verifier,
    state,
  }));
}

/** Follows redirects inside Latchkey (same origin) until the answer leaves for the app or shows a page. */
export async function follow(
  browser: Browser,
  origin: string,
  start: string,
): Promise<{ status: number; location: string; body: string }> {
  let url = start;
  for (let hops = 0; hops < 10; hops++) {
    const response = await browser.send('GET', url.startsWith(origin) ? url.slice(origin.length) : url);
    const location = response.headers.location as string | undefined;
    if (response.statusCode < 300 || response.statusCode >= 400 || !location)
      return { status: response.statusCode, location: url, body: response.body };
    const next = new URL(location, origin);
    if (next.origin !== origin) return { status: response.statusCode, location: next.href, body: '' };
    url = next.href;
  }
  throw new Error('too many redirects');
}

/** The member's "Allow" (or "Continue") on the page, for the account the page names, as the page sends it. */
export async function allowOnPage(browser: Browser, org: string, uid: string) {
  const details = await browser.get(`/api/o/${org}/oidc/interaction/${uid}/details`);
  const account = details.body.accountRef as string;
  return browser.post(`/api/o/${org}/oidc/interaction/${uid}/consent`, { allow: true, account });
}

/** A password the test members sign in with. */
export const MEMBER_PASSWORD = 'correct horse battery';

/** Organisation acme with two members, Ada and Bob (each with a name, an email and MEMBER_PASSWORD). */
export async function adaAndBob(h: Harness) {
  const org = await h.org('acme');
  const member = (name: string) =>
    h.user({
      org,
      username: name.toLowerCase(),
      email: `${name.toLowerCase()}@acme.example`,
      displayName: name,
      password: MEMBER_PASSWORD,
    });
  return { org, ada: await member('Ada'), bob: await member('Bob') };
}

/** The browser follows `location` back to the app, which redeems the code there for its tokens. */
export async function redeemAt(
  h: { origin: string },
  browser: Browser,
  app: TestApp,
  request: { verifier: string; state: string },
  location: string,
) {
  const callback = new URL((await follow(browser, h.origin, location)).location);
  return oidc.authorizationCodeGrant(app.config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
}

/** The interaction id in a sign-in page address. */
export const interactionOf = (pageUrl: string) => new URL(pageUrl, 'http://x').searchParams.get('interaction')!;

/**
 * The code flow with PKCE in `browser`: the app's authorization request, Latchkey's sign-in (`signIn`, on the
 * sign-in page it lands on), "Continue", and the code redeemed; the app's tokens.
 */
export async function signInToApp(
  h: { origin: string },
  browser: Browser,
  app: TestApp,
  signIn: () => Promise<{ status: number }>,
) {
  const request = await authorizationRequest(app);
  const page = await follow(browser, h.origin, request.url.href);
  if ((await signIn()).status !== 200) throw new Error('the sign-in on the way to the app was refused');
  const org = new URL(app.config.serverMetadata().issuer).pathname.split('/')[2];
  const next = await browser.post(`/api/o/${org}/oidc/interaction/${interactionOf(page.location)}/continue`);
  const landed = await follow(browser, h.origin, next.body.location);
  const tokens = await oidc.authorizationCodeGrant(app.config, new URL(landed.location), {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
  });
  return { tokens, request };
}

/** An app's back-channel logout endpoint on the loopback: the logout tokens it was sent, in order. */
export async function logoutReceiver(): Promise<{ uri: string; received: string[]; close: () => void }> {
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  return { uri: `http://127.0.0.1:${port}/logout`, received, close: () => receiver.close() };
}

/** A logout token's claims (its signature is the provider's; openid-client checks ID tokens, not these). */
export const logoutClaims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
