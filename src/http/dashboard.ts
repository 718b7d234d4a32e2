import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { projectRoot } from '../project-root.js';
import { problem, sendProblem } from './problem.js';

/** Where `npm run build` writes the dashboard. */
export const DASHBOARD_DIR = join(projectRoot(import.meta.url), 'dist', 'web');

/** Hashed file names never change content; the page itself is revalidated on every visit. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/**
 * The page's own policy: same-origin only, no inline code or style. Unlike the API's default policy it has no
 * upgrade-insecure-requests, which on plain HTTP (the container on 0.0.0.0) would send every asset to https.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join('; ');

/**
 * The web dashboard at `/`: one route per built file (no wildcard), so /v1, /docs, /health and unknown paths
 * keep their own handlers and problem answers.
 */
export const dashboard: FastifyPluginAsync<{ root?: string; sourceMaps?: boolean }> = async (app, options) => {
  // FOLLOWUP_WEB_DIR serves another build: tests build their own, so they never race over dist/web.
  const root = options.root ?? (process.env.FOLLOWUP_WEB_DIR || DASHBOARD_DIR);
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web dashboard is not built; run npm run build');
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      sendProblem(reply, problem(503, 'the web dashboard is not built: run "npm run build", then restart')),
    );
    return;
  }
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', PAGE_POLICY);
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    // Source maps give the sources away: served only when asked for (FOLLOWUP_SOURCE_MAPS), never by default.
    allowedPath: (path) => options.sourceMaps === true || !path.endsWith('.map'),
    setHeaders(response, path) {
      response.setHeader('cache-control', path.includes(`${join('/', 'assets')}/`) ? IMMUTABLE : REVALIDATE);
    },
  });
};
