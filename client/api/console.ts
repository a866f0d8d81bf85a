/**
 * The coordinator's web console: the files Vite built into dist/console/ (scripts/build-console.js,
 * run on install), served at /console/ with every other path there answering index.html so a
 * page's address can be reloaded or shared. The files hold no data: the pages read the API, which
 * asks for a login. When the console has not been built the path says how to build it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/console', import.meta.url));

export async function consoleRoutes(app: FastifyInstance, dir = CONSOLE_DIR): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  if (!built) {
    app.get('/console/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).send({
        error: '控制台尚未构建 / the console is not built: run `node scripts/build-console.js`',
        statusCode: 503,
      }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    wildcard: false,
    index: ['index.html'],
    // Hashed asset names change with their content; index.html must always be fresh.
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // SPA fallback: /console/exam/pd-2025 is a page of the app, not a file.
  app.get('/console/*', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html').sendFile('index.html', dir),
  );
}
