import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../shared/deps.js';
import { errorBody } from './error-handler.js';

/**
 * Paths that are never pages, answered 404 like an unknown API path when nothing serves them: the API, and
 * /metrics, which exists only with METRICS_TOKEN (a scraper is told there is nothing, not sent the web app).
 */
const NOT_PAGES = /^\/(api\/|metrics(\?|$))/;

/**
 * Serves the built front end: hashed assets, and index.html for every page path (the app routes
 * itself). The build writes brotli and gzip copies beside each file (vite.config.ts); the one the
 * browser accepts is sent, with Vary so that caches keep each encoding apart.
 */
export async function registerWeb(app: FastifyInstance, deps: Deps): Promise<void> {
  const root = deps.config.webRoot;
  const indexFile = path.join(root, 'index.html');
  const built = fs.existsSync(indexFile);
  if (!built) app.log.warn({ webRoot: root }, 'the front end is not built here (npm run build, or set WEB_ROOT)');
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: false,
      wildcard: false,
      serve: true,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('vary', 'accept-encoding');
        // Vite puts a content hash in asset names, so they never change: cache them for a year.
        res.setHeader(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !NOT_PAGES.test(request.url) &&
      !/\.[a-z0-9]+(\?|$)/i.test(request.url);
    if (!isPage) return reply.status(404).send(errorBody('NOT_FOUND'));
    if (!built) return reply.status(503).type('text/plain').send('The front end is not built: run `npm run build`.');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
