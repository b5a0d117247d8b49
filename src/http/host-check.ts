import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { findOrganisation, requestOrigins } from '../orgs/organisations.js';
import { SLUG_PATTERN } from '../orgs/schemas.js';
import type { Deps } from '../shared/deps.js';

// Served on any host name: probes, metrics, and the files phones fetch from each passkey domain.
const ANY_HOST = new Set(['/healthz', '/readyz', '/metrics']);
// Hashed, public files (build, authenticator icons): an organisation's pages on its own host load them from there.
const ANY_HOST_PREFIXES = ['/.well-known/', '/assets/', '/authenticator-icons/'];
// The organisation of a page, API or OpenID path: /o/<org>/…, /api/o/<org>/…
const ORG_PATH = /^\/(?:api\/)?o\/([^/]+)/;
const SLUG = new RegExp(SLUG_PATTERN);
// Host names already reported in the log, so a stream of them cannot flood it.
const REPORTED_LIMIT = 20;

/**
 * Pages and the API answer only at PUBLIC_URL's host (and each organisation's own hosts): a passkey
 * is bound to that name, so on another one (http://127.0.0.1:3000 for http://localhost:3000) every
 * ceremony and state-changing request would fail. Pages are redirected to the same path at
 * PUBLIC_URL; anything else is refused with WRONG_HOST naming the right address.
 * Behind a reverse proxy, the proxy must pass the original Host (or X-Forwarded-Host with TRUST_PROXY).
 */
export function registerHostCheck(app: FastifyInstance, deps: Deps): void {
  const publicUrl = deps.config.publicUrl;
  const reported = new Set<string>();

  const isOrgHost = async (path: string, hostname: string) => {
    const slug = ORG_PATH.exec(path)?.[1];
    if (!slug || !SLUG.test(slug)) return false;
    const org = await findOrganisation(deps, { slug });
    return org !== undefined && requestOrigins(deps, { org }).some((origin) => new URL(origin).hostname === hostname);
  };

  const report = (request: FastifyRequest, hostname: string) => {
    if (reported.has(hostname) || reported.size >= REPORTED_LIMIT) return;
    reported.add(hostname);
    request.log.info(
      { host: hostname.slice(0, 253), publicUrl: publicUrl.origin },
      "A request for a host name other than PUBLIC_URL's was sent there " +
        '(behind a proxy: pass the original Host header)',
    );
  };

  app.addHook('onRequest', async (request, reply) => {
    const hostname = request.hostname.toLowerCase();
    // The hot path: one comparison.
    if (hostname === publicUrl.hostname) return;
    const path = request.url.split('?', 1)[0]!;
    if (ANY_HOST.has(path) || ANY_HOST_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
    if (await isOrgHost(path, hostname)) return;
    report(request, hostname);
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/');
    // The same path and query at PUBLIC_URL's origin; joined as text, so `//other.host/` stays a path.
    if (isPage) return reply.redirect(`${publicUrl.origin}/${request.url.replace(/^\/+/, '')}`, 307);
    throw new AppError('WRONG_HOST', { details: { publicUrl: publicUrl.origin } });
  });
}
