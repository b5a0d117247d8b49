// @ts-check
/**
 * A small app that signs its users in with Latchkey (OpenID Connect: authorization code + PKCE).
 *   CLIENT_ID=… CLIENT_SECRET=… node examples/oidc-app/server.mjs   then open http://localhost:4000
 * ISSUER (default http://localhost:3000/o/demo), CLIENT_SECRET (leave out for a public app), PORT (4000).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import * as oidc from 'openid-client';

// Buttons big enough to tap (WCAG 2.2's 24 by 24 CSS pixels), with room between them.
const STYLE = '<style>button { min-height: 2.75rem; padding: 0 1rem; } form { margin: 0.75rem 0; }</style>';

/**
 * @typedef {{ verifier?: string, state?: string, nonce?: string, idToken?: string, refreshToken?: string,
 *   accessToken?: string, claims?: oidc.IDToken, userinfo?: oidc.UserInfoResponse, refreshedAt?: Date }} Session
 * @typedef {{ issuer: string, clientId: string, clientSecret?: string, baseUrl: string, sessions?: Map<string, Session> }} Options
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const escape = (/** @type {unknown} */ value) => String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Why a request failed, in a few words: a refused connection, an HTTP status, or the error's message. */
const whyNot = (/** @type {any} */ err) =>
  err?.cause instanceof Response
    ? `HTTP ${err.cause.status}`
    : [err?.message, err?.cause?.code ?? err?.cause?.message].filter(Boolean).join(': ');

/** The issuer's discovery document could not be read: Latchkey is not at ISSUER, or not running. */
export class DiscoveryError extends Error {}

/** Discovers the issuer and returns the app's HTTP server (not yet listening). */
export async function createExampleApp(
  /** @type {Options} */ { issuer, clientId, clientSecret, baseUrl, sessions = new Map() },
) {
  const issuerUrl = new URL(issuer);
  // Plain http only on this machine: anywhere else tokens would cross the network in the clear.
  const insecure = issuerUrl.protocol === 'http:';
  if (insecure && !LOOPBACK.has(issuerUrl.hostname))
    throw new Error(`ISSUER must be https:// (http only for localhost): ${issuer}`);
  // Not needed over TLS, but it also checks ID token signatures against the issuer's JWKS.
  const execute = insecure
    ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks]
    : [oidc.enableNonRepudiationChecks];
  const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
  const config = await oidc.discovery(issuerUrl, clientId, undefined, auth, { execute }).catch((err) => {
    throw new DiscoveryError(`could not read ${issuer}/.well-known/openid-configuration (${whyNot(err)})`, {
      cause: err,
    });
  });
  const redirectUri = new URL('/callback', baseUrl).href;

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', baseUrl);
    const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    /** @type {Session} */
    const session = (sid && sessions.get(sid)) || {};
    const redirect = (/** @type {string} */ to) => res.writeHead(303, { location: to }).end();

    if (url.pathname === '/login') {
      const id = randomBytes(16).toString('base64url');
      const loginHint = url.searchParams.get('login_hint');
      // "Switch account" (`/login?prompt=select_account`): Latchkey asks which account, even when signed in.
      const prompt = url.searchParams.get('prompt') === 'select_account' ? 'select_account' : undefined;
      const verifier = oidc.randomPKCECodeVerifier();
      const login = { verifier, state: oidc.randomState(), nonce: oidc.randomNonce() };
      sessions.set(id, login);
      // SameSite=Lax: sent on the top-level redirect back from Latchkey, never on another site's form post.
      res.setHeader('set-cookie', `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      return redirect(
        oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid profile email',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state: login.state,
          nonce: login.nonce,
          // An app that knows who is signing in (`/login?login_hint=ada`) says so: Latchkey fills in the username.
          ...(loginHint ? { login_hint: loginHint } : {}),
          ...(prompt ? { prompt } : {}),
        }).href,
      );
    }
    if (url.pathname === '/callback') {
      if (!session.verifier) return redirect('/');
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: session.verifier,
        expectedState: session.state,
        expectedNonce: session.nonce,
        idTokenExpected: true,
      });
      const claims = /** @type {oidc.IDToken} */ (tokens.claims());
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      if (sid)
        sessions.set(sid, {
          idToken: tokens.id_token,
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token,
          claims,
          userinfo,
        });
      return redirect('/');
    }
    if (url.pathname === '/refresh' && req.method === 'POST' && session.refreshToken && sid) {
      const tokens = await oidc.refreshTokenGrant(config, session.refreshToken);
      sessions.set(sid, {
        ...session,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? session.refreshToken,
        idToken: tokens.id_token ?? session.idToken,
        refreshedAt: new Date(),
      });
      return redirect('/');
    }
    if (url.pathname === '/logout' && req.method === 'POST') {
      if (sid) sessions.delete(sid);
      // Revoking the refresh token ends the app's grant and its access tokens at once.
      if (session.refreshToken)
        await oidc.tokenRevocation(config, session.refreshToken, { token_type_hint: 'refresh_token' });
      if (!session.idToken) return redirect('/');
      return redirect(
        oidc.buildEndSessionUrl(config, {
          id_token_hint: session.idToken,
          post_logout_redirect_uri: new URL('/', baseUrl).href,
        }).href,
      );
    }
    if (url.pathname !== '/') return res.writeHead(404).end('Not found');

    const { claims, userinfo } = session;
    // In the code flow the ID token says who and how (sub, amr, acr); profile claims come from userinfo (OIDC Core §5.4).
    const shown = claims && {
      sub: claims.sub,
      preferred_username: userinfo?.preferred_username,
      amr: claims.amr,
      acr: claims.acr,
    };
    const body = shown
      ? `<h1>Signed in</h1><table>${Object.entries(shown)
          .map(([name, value]) => `<tr><th scope="row">${name}</th><td>${escape([value].flat().join(' '))}</td></tr>`)
          .join('')}</table>` +
        `<h2>Userinfo</h2><pre>${escape(JSON.stringify(userinfo, null, 2))}</pre>` +
        (session.refreshedAt
          ? `<p role="status">Tokens refreshed at ${escape(session.refreshedAt.toISOString())}</p>`
          : '') +
        '<form method="post" action="/refresh"><button>Refresh tokens</button></form>' +
        '<p><a href="/login?prompt=select_account">Switch account</a></p>' +
        '<form method="post" action="/logout"><button>Sign out</button></form>'
      : '<h1>Example app</h1><p><a href="/login">Sign in with Latchkey</a></p>';
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="en"><title>Example app</title>${STYLE}<main>${body}</main></html>`);
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((/** @type {any} */ err) => {
      // access_denied (the member went back without signing in), invalid_grant, …: shown, never hidden.
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><title>Sign-in failed</title><main><h1>Sign-in failed</h1><p>${escape(err.error ?? err.code ?? 'error')}: ${escape(err.error_description ?? err.message)}</p><p><a href="/">Back</a></p></main></html>`,
        );
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 4000);
  const baseUrl = `http://localhost:${port}`;
  // What went wrong and what to set, in one line: no stack trace for a server that is not where ISSUER says.
  const fail = (/** @type {string} */ line) => {
    console.error(`example app: ${line}`);
    process.exit(1);
  };
  if (!process.env.CLIENT_ID)
    fail('set CLIENT_ID (and CLIENT_SECRET for a confidential app): see README, "Sign in to your apps"');
  const issuer = process.env.ISSUER ?? 'http://localhost:3000/o/demo';
  const server = await createExampleApp({
    issuer,
    clientId: process.env.CLIENT_ID ?? '',
    clientSecret: process.env.CLIENT_SECRET || undefined,
    baseUrl,
  }).catch((/** @type {Error} */ err) => {
    if (!(err instanceof DiscoveryError)) return fail(err.message);
    const set = process.env.ISSUER ? 'Set ISSUER' : 'ISSUER is not set: set it';
    return fail(
      `${err.message}: is Latchkey running there? ${set} to Latchkey's PUBLIC_URL/o/<org>, ` +
        'e.g. ISSUER=http://localhost:3001/o/demo',
    );
  });
  server.once('error', (/** @type {NodeJS.ErrnoException} */ err) =>
    fail(`cannot listen on ${baseUrl} (${err.code ?? err.message}): set PORT to a free port, e.g. PORT=4001.`),
  );
  server.listen(port, 'localhost', () => console.log(`Example app on ${baseUrl}`));
}
