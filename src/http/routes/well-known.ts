import type { FastifyInstance } from 'fastify';
import { appleAppSiteAssociation, appsForHost, assetLinks } from '../../orgs/well-known.js';
import type { ApiCeiling } from '../api-ceiling.js';
import type { Deps } from '../../shared/deps.js';

// Public and the same for everyone; short, so a change in Org Settings reaches phones within minutes.
const CACHE = 'public, max-age=300';
// A Buffer, so the type stays plain application/json (Fastify adds a charset to strings).
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * The files that let Android and Apple apps use the passkeys of the host they are served on
 * (https://<RP ID>/.well-known/…): JSON, never a redirect (both platforms refuse one).
 */
export function registerWellKnown(app: FastifyInstance, deps: Deps, ceiling: ApiCeiling): void {
  const hostOf = (hostname: string) => hostname.toLowerCase().slice(0, 253);
  const options = { onRequest: ceiling, schema: { hide: true } };
  const files = { 'assetlinks.json': assetLinks, 'apple-app-site-association': appleAppSiteAssociation };
  for (const [file, contents] of Object.entries(files)) {
    app.get(`/.well-known/${file}`, options, async (request, reply) => {
      const apps = await appsForHost(deps, { host: hostOf(request.hostname) });
      return reply
        .header('cache-control', CACHE)
        .type('application/json')
        .send(json(contents(apps)));
    });
  }
}
