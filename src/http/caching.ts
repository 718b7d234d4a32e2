/**
 * HTTP caching of reads (docs/api.md, "Caching"): every GET whose answer follows the log carries an entity tag that
 * is computed before the answer, from what the answer depends on (the position, the URL, the reader's scope, the day
 * where overdue is judged on today), never from the body; `If-None-Match` naming it is `304` without computing the
 * answer. `Cache-Control` lets browsers and CDNs keep public answers and revalidate them; answers to a token are
 * private, and every read varies on Authorization.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isAdmin } from '../domain/token/permissions.js';
import { today } from '../today.js';
import { noneMatch } from './preconditions.js';

/** How one read route is cached; `false`: not at all (streams). */
export interface ReadCache {
  /** The route sets the contract's tag itself once it has read the resource (a revision): only headers are added. */
  own?: boolean;
  /** The contract's tag, computed before the answer; default: a strong tag of `follows`, the URL, scope and day. */
  tag?: (request: FastifyRequest) => string | undefined;
  /** What the answer follows: the read models' position (default), or another version (the log's head, a checkpoint). */
  follows?: (request: FastifyRequest) => string | Promise<string>;
  /**
   * Whether the answer may depend on today (overdue, lateness, a plan judged on the day of the request when no
   * `asOf` names one). Default yes, so that a read added without thinking of it is never revalidated across
   * midnight; reads that never look at the day say `day: false`.
   */
  day?: boolean;
  /** A request header the answer also depends on (Accept-Language), beside the URL: it joins the URL in the tag. */
  varies?: (request: FastifyRequest) => string | undefined;
  /** Whether this request is cached at all (an NDJSON stream of the log is not); default yes. */
  when?: (request: FastifyRequest) => boolean;
  /** Whether the answer to these parameters can no longer change (a past day as known at a past instant). */
  lasting?: (request: FastifyRequest) => boolean;
  /**
   * Keep the serialised answer with its tag: the next GET of the same URL by the same reader, while the tag is the
   * same, is answered with those bytes without running the route (a search's page, a State's status). Only for
   * answers that depend on nothing the tag, the URL, `varies` and the reader do not name.
   */
  keep?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: ReadCache | false;
  }
  interface FastifyRequest {
    /** The entity tag computed for this read before its answer. */
    cacheTag: string | undefined;
    /** Where this read's answer is kept (`ReadCache.keep`), or undefined when it is not kept. */
    keptAs: string | undefined;
  }
}

/** A serialised answer kept with the tag it was computed under, and the headers the route had set on it. */
interface Kept {
  tag: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** The headers a route sets on a kept answer; the caching headers are computed again on each answer. */
const KEPT_HEADERS = ['content-type', 'content-language', 'vary'] as const;

/**
 * Answers kept per process (`ReadCache.keep`), one per URL and reader, the least recently used dropped first beyond
 * `maxBytes`; an answer is served again only under the tag it was computed with, so a move of the log (or the day,
 * where the tag names it) replaces it.
 */
export class KeptAnswers {
  readonly #answers = new Map<string, Kept>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.#answers.size;
  }

  /** The answer kept for `key` under `tag`; one kept under another tag is forgotten. */
  get(key: string, tag: string): Kept | undefined {
    const kept = this.#answers.get(key);
    if (!kept) return undefined;
    this.#forget(key, kept);
    if (kept.tag !== tag) return undefined;
    this.#answers.set(key, kept);
    return kept;
  }

  set(key: string, kept: Kept): void {
    const size = kept.body.length + key.length;
    if (size > this.maxBytes) return;
    const before = this.#answers.get(key);
    if (before) this.#forget(key, before);
    this.#answers.set(key, kept);
    this.#bytes += size;
    for (const [oldest, answer] of this.#answers) {
      if (this.#bytes <= this.maxBytes) break;
      this.#forget(oldest, answer);
    }
  }

  #forget(key: string, kept: Kept): void {
    this.#answers.delete(key);
    this.#bytes -= kept.body.length + key.length;
  }
}

/** Bytes of answers each process keeps (`ReadCache.keep`): ~400 search pages, or thousands of statuses. */
export const KEPT_ANSWER_BYTES = 8 * 1024 * 1024;

/** Answers that may change at the next event: kept, but checked with the service before each use. */
export const REVALIDATE = 'max-age=0, must-revalidate';
/** How long a lasting answer (a past day as known at a past instant) is kept without asking: a day. */
export const LASTING = 'max-age=86400';

/** A strong tag: the version the answer follows, the day when it matters, the reader's scope and the URL. */
export function strongTag(version: string, day: string | undefined, admin: boolean, url: string): string {
  const where = createHash('sha1').update(url).digest('base64url').slice(0, 12);
  return `"${version}${day ? `.${day}` : ''}.${admin ? 'a' : 'p'}.${where}"`;
}

const isRead = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') && request.routeOptions.config?.read === true;

function cacheOf(request: FastifyRequest): ReadCache | undefined {
  if (!isRead(request)) return undefined;
  const cache = request.routeOptions.config.cache;
  if (cache === false) return undefined;
  const given = cache ?? {};
  return given.when && !given.when(request) ? undefined : given;
}

/** Cache-Control and Vary of a read answer (200 or 304). */
function cacheHeaders(request: FastifyRequest, reply: FastifyReply, cache: ReadCache, publicRead: boolean): void {
  const shared = publicRead && request.headers.authorization === undefined;
  const lasting = cache.lasting?.(request) ?? false;
  if (!reply.hasHeader('cache-control')) {
    reply.header('cache-control', `${shared ? 'public' : 'private'}, ${lasting ? LASTING : REVALIDATE}`);
  }
  const vary = reply.getHeader('vary');
  if (vary === undefined) reply.header('vary', 'Authorization');
  else if (!/\bauthorization\b/i.test(String(vary))) reply.header('vary', `${vary}, Authorization`);
}

/** Who reads, as far as an answer may depend on it: the token (its role and States), or anonymous. */
function readerOf(request: FastifyRequest): string {
  const { principal } = request;
  return principal?.kind === 'token' ? `token:${principal.tokenId}` : 'anonymous';
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

/** Tags every cacheable read before its handler runs, answering 304 there when the client holds the current answer. */
export const readCaching = fp(
  async (app: FastifyInstance, options: { position: () => string; publicRead: boolean; keptBytes?: number }) => {
    app.decorateRequest('cacheTag', undefined);
    app.decorateRequest('keptAs', undefined);
    const keptAnswers = new KeptAnswers(options.keptBytes ?? KEPT_ANSWER_BYTES);
    app.addHook('preHandler', async (request, reply) => {
      const cache = cacheOf(request);
      if (!cache || cache.own) return;
      const tag =
        cache.tag?.(request) ??
        strongTag(
          await (cache.follows?.(request) ?? options.position()),
          cache.day === false ? undefined : today(),
          isAdmin(request.principal),
          `${request.url}${cache.varies ? `\n${cache.varies(request) ?? ''}` : ''}`,
        );
      if (tag === undefined) return;
      request.cacheTag = tag;
      const asked = request.headers['if-none-match'];
      if (asked !== undefined && noneMatch(asked, tag)) {
        reply.header('etag', tag);
        return reply.code(304).send();
      }
      if (cache.keep && request.method === 'GET') {
        const key = `${readerOf(request)}\n${request.url}\n${cache.varies?.(request) ?? ''}`;
        const kept = keptAnswers.get(key, tag);
        if (kept) return reply.headers(kept.headers).send(kept.body);
        request.keptAs = key;
      }
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      const cache = reply.statusCode === 200 || reply.statusCode === 304 ? cacheOf(request) : undefined;
      if (request.keptAs !== undefined && request.cacheTag !== undefined && reply.statusCode === 200) {
        const body =
          typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : undefined;
        if (body) keptAnswers.set(request.keptAs, { tag: request.cacheTag, body, headers: keptHeaders(reply) });
      }
      if (cache) {
        if (request.cacheTag !== undefined && !reply.hasHeader('etag')) reply.header('etag', request.cacheTag);
        cacheHeaders(request, reply, cache, options.publicRead);
      }
      done(null, payload);
    });
  },
  { name: 'read-caching', dependencies: ['authentication'] },
);
