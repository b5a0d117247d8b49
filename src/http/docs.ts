import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler.js';

/** Where the admin console's footer links: the IT & information security FAQ, as its markdown source. */
export const SECURITY_FAQ_PATH = '/docs/it-security-faq';

/** A file of the package (docs/ sits beside src/, and beside dist/ once built): the first folder up that has it. */
function packageFile(relative: string): string | undefined {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, relative);
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

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
