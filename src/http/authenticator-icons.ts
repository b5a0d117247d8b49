import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { authenticatorIcons, ICON_PREFIX } from '../passkeys/authenticator-icons.js';
import type { Deps } from '../shared/deps.js';

const FILE = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}-(light|dark)-[0-9a-f]{12}\.(svg|png)$/;
// The name carries a hash of the content: a changed icon gets a new name, so this one never changes.
const CACHE = 'public, max-age=31536000, immutable';
// An SVG opened on its own is a document of our origin: no script, no fetch, no frame; only its own styles.
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * The icons of the AAGUID list (vendored, or AAGUID_METADATA_FILE), one file each, so API answers carry only
 * their paths.
 * Read (and checked) when the app is built: a bad file stops start-up, not the first request.
 */
export function registerAuthenticatorIcons(app: FastifyInstance, deps: Deps): void {
  const icons = authenticatorIcons(deps.config);
  app.get<{ Params: { file: string } }>(`${ICON_PREFIX}:file`, { schema: { hide: true } }, async (request, reply) => {
    const name = request.params.file;
    const icon = FILE.test(name) ? icons.file(name) : null;
    if (!icon) throw new AppError('NOT_FOUND');
    return reply
      .header('cache-control', CACHE)
      .header('content-security-policy', IMAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .type(icon.type)
      .send(icon.body);
  });
}
