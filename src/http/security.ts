import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { problem, sendProblem, Throttled } from './problem.js';

export interface SecurityOptions {
  /** Origins a browser may call the API from; empty (the default): no CORS headers at all. */
  corsOrigins?: string[];
  /** Commands per minute per token (per address without one); 0 turns the limit off. */
  writesPerMinute?: number;
  /**
   * Failed authentications (a token presented and refused) per minute per address, after which that address's
   * invalid tokens get 429 instead of 401; 0 turns it off. A valid token, or a request that needs none, still passes.
   */
  authFailuresPerMinute?: number;
  /** Reads per minute per address without a token (with one they are not counted); 0 turns the limit off. */
  anonymousReadsPerMinute?: number;
}

export const DEFAULT_WRITES_PER_MINUTE = 3000;
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
export const DEFAULT_ANONYMOUS_READS_PER_MINUTE = 1200;

declare module 'fastify' {
  interface FastifyInstance {
    /** How long the address must wait before an invalid token of its is answered 401 again (0: not blocked). */
    authenticationBlock(address: string): number;
  }
}
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
    // Read by authentication, only once a presented token turned out invalid: valid tokens are never held up.
    app.decorate('authenticationBlock', (address: string) => {
      const until = blockedUntil.get(address);
      const now = Date.now();
      if (until === undefined || until > now) return until === undefined ? 0 : until - now;
      blockedUntil.delete(address);
      return 0;
    });
    app.addHook('onResponse', (request, reply, done) => {
      const refusedToken = reply.statusCode === 401 && request.headers.authorization !== undefined;
      if (!refusedToken || failuresPerMinute <= 0) return done();
      failures(request).then((limit) => {
        if (!limit.isAllowed && limit.isExceeded) {
          if (blockedUntil.size >= MAX_BLOCKED_ADDRESSES) blockedUntil.clear();
          blockedUntil.set(request.ip, Date.now() + limit.ttl);
        }
        done();
      }, done);
    });
    // After authentication: reads without a token are counted per address; with a token they are not.
    const readsPerMinute = options.anonymousReadsPerMinute ?? DEFAULT_ANONYMOUS_READS_PER_MINUTE;
    const reads = app.createRateLimit({
      max: Math.max(1, readsPerMinute),
      timeWindow: MINUTE,
      keyGenerator: (request) => request.ip,
    });
    app.addHook('preParsing', (request, reply, payload, done) => {
      const anonymousRead = request.routeOptions.config.read && request.principal?.kind === 'anonymous';
      if (readsPerMinute <= 0 || !anonymousRead) return done(null, payload);
      reads(request).then((limit) => {
        if (limit.isAllowed || !limit.isExceeded) return done(null, payload);
        tooMany(reply, 'too many reads without a token from this address', limit.ttl);
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
  // Registered before authentication; its limits read the principal authentication resolves.
  { name: 'security' },
);

/**
 * JSON answers are never rendered: OWASP's set for REST services, a third of helmet's bytes on every answer. Nothing
 * may be loaded by them, nothing may frame them, and their type is not to be guessed.
 */
export const API_HEADERS: Record<string, string> = {
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

export function tooMany(reply: FastifyReply, why: string, ttlMs: number): FastifyReply {
  const throttled = new Throttled(why, ttlMs);
  return sendProblem(reply, problem(429, throttled.message), throttled);
}
