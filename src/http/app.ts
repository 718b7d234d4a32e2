import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Followup } from '../app/followup.js';
import { allowedMethods } from './allowed-methods.js';
import { authentication } from './auth.js';
import { readCaching } from './caching.js';
import { clientErrorHandler } from './client-error.js';
import { dashboard } from './dashboard.js';
import { forwardCommands } from './forward-commands.js';
import { HeavyQueries } from './heavy-queries.js';
import { type HttpLimits, limitsWith, timeoutCheckInterval } from './limits.js';
import { REDACTED, requestForLog } from './log-redaction.js';
import { instrument } from './metrics.js';
import { acceptMinPosition } from './min-position.js';
import { registerOpenApi } from './openapi.js';
import { problem, sendProblem, toProblem } from './problem.js';
import { actionRoutes } from './routes/actions.js';
import { checkpointRoutes } from './routes/checkpoints.js';
import { clusterRoutes } from './routes/clusters.js';
import { eventStreamRoutes } from './routes/event-stream.js';
import { eventRoutes } from './routes/events.js';
import { indicatorRoutes } from './routes/indicators.js';
import { institutionRoutes } from './routes/institutions.js';
import { operationRoutes } from './routes/operations.js';
import { planRoutes } from './routes/plan.js';
import { progressReportRoutes } from './routes/progress-report.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { reportRoutes } from './routes/reports.js';
import { specialProcedureRoutes } from './routes/special-procedures.js';
import { stateRoutes } from './routes/states.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { tokenRoutes } from './routes/tokens.js';
import { NoQuery } from './schemas.js';
import { type SecurityOptions, security } from './security.js';
import { serializerCompiler } from './serializer.js';

/** Whether a Content-Type names no charset, or UTF-8. */
function utf8(contentType: string | undefined): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

const unsupportedCharset = () =>
  Object.assign(new Error('JSON bodies are UTF-8'), { statusCode: 415, code: 'FOLLOWUP_UNSUPPORTED_CHARSET' });

export interface HttpOptions {
  publicRead: boolean;
  logLevel?: string;
  /** false: no logs (tests); otherwise pino at `logLevel`. */
  logger?: boolean;
  /** CORS origins and rate limits; the defaults keep CORS closed. */
  security?: SecurityOptions;
  /** Bodies, pages, timeouts, connections, heavy queries, streams; the defaults are src/http/limits.ts's. */
  limits?: Partial<HttpLimits>;
  /** Proxies whose X-Forwarded-For is believed; none (the default): the socket's address is the client's. */
  trustedProxies?: string[];
  /** Serve the dashboard's source maps (never by default). */
  sourceMaps?: boolean;
  /**
   * A reader process: the writer's private socket, where every request but a read is passed. Unset: this process
   * runs the commands itself.
   */
  writerSocket?: string;
  /** The writer behind reader processes: it listens on a private socket only, and believes their X-Forwarded-For. */
  behindReaders?: boolean;
}

/** The HTTP face of the service: the REST contract v1 over one Followup. */
export async function buildApp(followup: Followup, options: HttpOptions): Promise<FastifyInstance> {
  const limits = limitsWith(options.limits);
  // Ids reach 141 characters (a 100-character symbol and a 40-character paragraph): room for every one.
  const routerOptions = { ignoreTrailingSlash: true, maxParamLength: 256 };
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: options.logLevel ?? 'info', redact: REDACTED, serializers: { req: requestForLog as never } },
    bodyLimit: limits.bodyBytes,
    // Slow or partial requests are cut off; so are connections on which nothing moves (docs/reliability.md).
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: timeoutCheckInterval(limits),
    },
    clientErrorHandler,
    trustProxy: options.behindReaders
      ? true
      : options.trustedProxies && options.trustedProxies.length > 0
        ? options.trustedProxies
        : false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    routerOptions,
    // The router's own refusals (malformed URL, over-long id) are problems like every other error.
    frameworkErrors: (error, request, reply) => sendProblem(reply, toProblem(error, request.log)),
  }).withTypeProvider<ZodTypeProvider>();
  if (limits.maxConnections > 0) app.server.maxConnections = limits.maxConnections;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Commands take JSON only: any other body is 415, not a string to validate.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // JSON is UTF-8 (RFC 8259): a body in another charset would be misread, so it is refused rather than parsed.
    if (!utf8(request.headers['content-type'])) return done(unsupportedCharset(), undefined);
    // A DELETE carries no body, whatever Content-Type a client habitually sends with it.
    if (body === '' && request.method === 'DELETE') return done(null, undefined);
    parseJson(request, body as string, done);
  });
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request.log), error));
  const allowed = allowedMethods(app, routerOptions);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const methods = allowed(path);
    // A route of this method that found nothing (a file not served, say) is a 404 too: only another method is a 405.
    if (methods.length === 0 || methods.includes(request.method)) {
      return sendProblem(reply, problem(404, `no route ${request.method} ${path}`));
    }
    reply.header('allow', methods.join(', '));
    return sendProblem(reply, problem(405, `${path} answers ${methods.join(', ')}, not ${request.method}`));
  });
  // First of all hooks: a reader passes commands to the writer before anything here reads or judges them.
  if (options.writerSocket) forwardCommands(app, options.writerSocket);
  // Hooks on every request take a callback rather than being async: no promise per hook per request.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  // Commands take no query parameter: like their bodies, their query strings are strict (an unknown key is 400).
  app.addHook('onRoute', (route) => {
    if (route.config?.action && !route.schema?.querystring) route.schema = { ...route.schema, querystring: NoQuery };
  });
  const metrics = instrument(app, followup.notifications);
  await registerOpenApi(app);
  await app.register(security, options.security ?? {});
  await app.register(authentication, { tokens: followup.tokens, publicRead: options.publicRead });
  // Read-your-writes: `?minPosition=` on any GET waits (bounded) for the read models to reach a command's position.
  acceptMinPosition(app, followup);
  // ETag, If-None-Match and Cache-Control on every read that follows the log (docs/api.md, "Caching").
  await app.register(readCaching, {
    position: () => followup.readModels.currentPosition(),
    publicRead: options.publicRead,
  });
  await app.register(reportRoutes, { followup });
  // Heavy queries (a whole-log export, a whole history) share one bound: 503 with Retry-After beyond it.
  const heavy = new HeavyQueries(limits.heavyQueries);
  await app.register(recommendationRoutes, { followup, heavy, pageBytes: limits.pageBytes });
  await app.register(stateRoutes, { followup });
  await app.register(institutionRoutes, { followup });
  await app.register(clusterRoutes, { followup });
  await app.register(actionRoutes, { followup });
  await app.register(indicatorRoutes, { followup });
  await app.register(planRoutes, { followup });
  await app.register(progressReportRoutes, { followup });
  await app.register(specialProcedureRoutes, { followup });
  await app.register(eventRoutes, { followup, heavy, pageBytes: limits.pageBytes });
  await app.register(eventStreamRoutes, { followup, limits });
  await app.register(tokenRoutes, { followup });
  await app.register(subscriptionRoutes, { followup });
  await app.register(checkpointRoutes, { followup });
  await app.register(operationRoutes, { followup, metrics });
  await app.register(dashboard, { sourceMaps: options.sourceMaps ?? false });
  return app;
}
