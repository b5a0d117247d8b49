import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findOrganisation, type Organisation } from '../../orgs/organisations.js';
import { logProviderErrors, providerFor } from '../../oidc/provider.js';
import type { ApiCeiling } from '../api-ceiling.js';
import type { Deps } from '../../shared/deps.js';
import { errorBody } from '../error-handler.js';

// The logout confirmation is a form whose answer redirects to the app: let forms go to any https or loopback app.
// Its stylesheet is the web pages'. Without a provider session the provider answers with a form that submits
// itself, allowing its one inline script by hash (added to script-src as it answers).
const LOGOUT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; " +
  "form-action 'self' https: http://localhost:* http://127.0.0.1:*; frame-ancestors 'none'; base-uri 'none'";

// The provider's answers go out as it writes them (the reply is hijacked), without the headers every other answer
// gets (security-headers.ts): these stand in. No framing, no sniffing, no Referer; its own scripts (form_post's,
// allowed by hash) and its forms to the apps stay allowed.
const PROVIDER_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The organisation's provider, logging its errors in this request to this request's log. */
export function providerForRequest(deps: Deps, request: FastifyRequest, org: Organisation) {
  logProviderErrors(request.raw, (err) => request.log.error({ err }, 'OpenID provider error'));
  return providerFor(deps, { org });
}

/**
 * Each organisation's OpenID Provider, at PUBLIC_URL/o/<org>: discovery, authorization, token,
 * userinfo, JWKS, end-session, revocation, introspection. Requests go to oidc-provider untouched (it
 * reads its own bodies), with the path below the issuer and PUBLIC_URL's scheme and host.
 */
export async function registerOidcProvider(app: FastifyInstance, deps: Deps, ceiling: ApiCeiling): Promise<void> {
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const org = await findOrganisation(deps, { slug: (request.params as { org: string }).org });
    if (!org) return reply.status(404).header('cache-control', 'no-store').send(errorBody('ORG_NOT_FOUND'));
    const provider = await providerForRequest(deps, request, org);
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    const prefix = `/o/${org.slug}`;
    raw.originalUrl = raw.url;
    raw.url = raw.url!.slice(raw.url!.indexOf(prefix) + prefix.length) || '/';
    raw.headers['x-forwarded-proto'] = deps.config.publicUrl.protocol.slice(0, -1);
    raw.headers['x-forwarded-host'] = deps.config.publicUrl.host;
    // The client's address as Fastify read it (behind TRUST_PROXY's proxies only): the provider would believe any
    // X-Forwarded-For, and its sign-out's audit event records what it reads.
    raw.headers['x-forwarded-for'] = request.ip;
    for (const [name, value] of Object.entries(PROVIDER_HEADERS)) reply.raw.setHeader(name, value);
    // Its router matches paths in any case: so does this.
    if (raw.url.toLowerCase().startsWith('/oidc/session/end'))
      reply.raw.setHeader('content-security-policy', LOGOUT_CSP);
    reply.hijack();
    await provider.callback()(raw, reply.raw);
  };
  // onRequest, before Fastify reads the body: oidc-provider parses its own form posts.
  // The same per-address budget as the API, counted before the provider sees the request.
  const route = {
    method: ['GET', 'POST', 'OPTIONS', 'HEAD'] as const,
    onRequest: [ceiling, handle],
    handler: async () => undefined,
    schema: { hide: true },
  };
  app.route({ ...route, method: [...route.method], url: '/o/:org/oidc/*' });
  app.route({ ...route, method: ['GET', 'OPTIONS', 'HEAD'], url: '/o/:org/.well-known/openid-configuration' });
}
