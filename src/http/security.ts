import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { problem, sendProblem } from './problem.js';

export interface SecurityOptions {
  /** Origins a browser may call the API from; empty (the default): no CORS headers at all. */
  corsOrigins?: string[];
  /** Commands per minute per token (per address without one); 0 turns the limit off. */
  writesPerMinute?: number;
  /** Failed authentications (401) per minute per address before the address is refused with 429. */
  authFailuresPerMinute?: number;
}

export const DEFAULT_WRITES_PER_MINUTE = 3000;
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
const MINUTE = 60_000;
/** Addresses refused for failing authentication; bounded so a flood of addresses cannot exhaust memory. */
const MAX_BLOCKED_ADDRESSES = 10_000;

/** Security headers, CORS (closed unless configured), and rate limits on commands and on failed authentication. */
export const security = fp(
  async (app: FastifyInstance, options: SecurityOptions) => {
    // Pages (the dashboard, /docs, anything unknown) get helmet's set; its policy lets /docs load its assets from
    // 'self'. Without upgrade-insecure-requests: over plain HTTP on a LAN address, /docs would ask for them over https.
    const pageHeaders = securityHeaders({
      contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
    });
    // On the raw response, as helmet itself does: they survive a route that takes the socket over (the event stream).
    app.addHook('onRequest', (request, reply, done) => {
      const headers = isJsonApi(request.routeOptions.url) ? API_HEADERS : pageHeaders;
      for (const name in headers) reply.raw.setHeader(name, headers[name]!);
      done();
    });
    const origins = options.corsOrigins ?? [];
    if (origins.length > 0) {
      // Loaded only when configured: CORS is closed by default.
      const { default: cors } = await import('@fastify/cors');
      await app.register(cors, { origin: origins, exposedHeaders: ['etag', 'location', 'x-request-id'] });
    }
    await app.register(rateLimit, { global: false });

    const writesPerMinute = options.writesPerMinute ?? DEFAULT_WRITES_PER_MINUTE;
    const writes = app.createRateLimit({
      max: Math.max(1, writesPerMinute),
      timeWindow: MINUTE,
      keyGenerator: (request) =>
        request.principal?.kind === 'token' ? `token:${request.principal.tokenId}` : `ip:${request.ip}`,
    });
    const failuresPerMinute = options.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE;
    const failures = app.createRateLimit({
      max: Math.max(1, failuresPerMinute),
      timeWindow: MINUTE,
      keyGenerator: (request) => request.ip,
    });
    const blockedUntil = new Map<string, number>();

    // Before authentication: an address that kept failing is refused without its token being looked at.
    app.addHook('onRequest', (request, reply, done) => {
      const until = blockedUntil.get(request.ip);
      const now = Date.now();
      if (until === undefined || until <= now) {
        if (until !== undefined) blockedUntil.delete(request.ip);
        return done();
      }
      tooMany(reply, 'too many failed authentications from this address', until - now);
    });
    app.addHook('onResponse', (request, reply, done) => {
      if (reply.statusCode !== 401 || failuresPerMinute <= 0) return done();
      failures(request).then((limit) => {
        if (!limit.isAllowed && limit.isExceeded) {
          if (blockedUntil.size >= MAX_BLOCKED_ADDRESSES) blockedUntil.clear();
          blockedUntil.set(request.ip, Date.now() + limit.ttl);
        }
        done();
      }, done);
    });
    // After authentication, before the body is read: commands are counted per token.
    app.addHook('preParsing', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
      if (writesPerMinute <= 0 || !request.routeOptions.config.action) return done(null, payload);
      writes(request).then((limit) => {
        if (limit.isAllowed || !limit.isExceeded) return done(null, payload);
        tooMany(reply, 'too many commands from this token', limit.ttl);
      }, done);
    });
  },
  // Registered before authentication, so a refused address is answered before its token is looked up.
  { name: 'security' },
);

/**
 * JSON answers are never rendered: OWASP's set for REST services, a third of helmet's bytes on every answer. Nothing
 * may be loaded by them, nothing may frame them, and their type is not to be guessed.
 */
const API_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};
const JSON_ROUTES = new Set(['/health', '/ready', '/metrics', '/openapi.json']);

/** Routes answering JSON (or the metrics text, or the event stream): the API, its description and the probes. */
const isJsonApi = (route: string | undefined): boolean =>
  route !== undefined && (route.startsWith('/v1/') || route === '/v1' || JSON_ROUTES.has(route));

/**
 * Helmet's headers, computed once: with no per-request nonce they are the same for every answer, so they are set as
 * constants rather than rebuilt by the middleware on each request.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

function tooMany(reply: FastifyReply, why: string, ttlMs: number): FastifyReply {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  reply.header('retry-after', String(seconds));
  return sendProblem(reply, problem(429, `${why}; retry in ${seconds} s`));
}
