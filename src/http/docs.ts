import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packageFile } from '../shared/package-file.js';
import { errorBody } from './error-handler.js';

/** Where the admin console's footer links: the IT & information security FAQ, as its markdown source. */
export const SECURITY_FAQ_PATH = '/docs/it-security-faq';

/**
 * Serves docs/it-security-faq.md as plain text: readable as it is, with nothing to render and no
 * second copy that could drift from the repository's. Read once at start-up.
 */
export function registerDocs(app: FastifyInstance): void {
  const file = packageFile(path.join('docs', 'it-security-faq.md'));
  const text = file === undefined ? undefined : fs.readFileSync(file, 'utf8');
  app.get(SECURITY_FAQ_PATH, { schema: { hide: true } }, async (_request, reply) => {
    if (text === undefined) return reply.status(404).send(errorBody('NOT_FOUND'));
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(text);
  });
}
