import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CheckpointsUnavailable } from '../app/checkpoints/errors.js';
import { PreconditionFailed } from '../app/commands/errors.js';
import { FollowupError, InvalidInput } from '../domain/errors.js';
import { CorruptEvent, RevisionConflict, StoreUnavailable } from '../eventstore/port.js';
import { expectation, fieldName, type ValidationIssue } from './validation-messages.js';

/** An RFC 9457 problem. `type` names the kind of problem; the OpenAPI document lists them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid-request', 'Invalid request'],
  401: ['unauthorized', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  408: ['request-timeout', 'Request timeout'],
  409: ['conflict', 'Conflict with the current state'],
  412: ['stale-revision', 'Precondition failed'],
  413: ['body-too-large', 'Request body too large'],
  414: ['uri-too-long', 'URI too long'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['domain-rule', 'Against a domain rule'],
  429: ['rate-limited', 'Too many requests'],
  431: ['headers-too-large', 'Request header fields too large'],
  500: ['internal', 'Internal error'],
  503: ['unavailable', 'Service unavailable'],
};

export function problem(status: number, detail: string, errors?: Problem['errors']): Problem {
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
  return { type: `/problems/${slug}`, title, status, detail, ...(errors && errors.length > 0 ? { errors } : {}) };
}

export function sendProblem(reply: FastifyReply, body: Problem, error?: unknown): FastifyReply {
  if (error instanceof Throttled || error instanceof Busy) reply.header('retry-after', String(error.retryAfterSeconds));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="followup"');
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Too many requests of a kind: answered 429 with Retry-After. */
export class Throttled extends Error {
  readonly retryAfterSeconds: number;
  constructor(why: string, waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    super(`${why}; retry in ${seconds} s`);
    this.name = 'Throttled';
    this.retryAfterSeconds = seconds;
  }
}

/** The service is at a bound every client shares (streams, heavy queries): answered 503 with Retry-After. */
export class Busy extends Error {
  constructor(
    why: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(`${why}; retry in ${retryAfterSeconds} s`);
    this.name = 'Busy';
  }
}

const KIND_STATUS: Record<FollowupError['kind'], number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
};

/** Maps every error to one problem; what is not ours is logged and answered without any internals. */
export function toProblem(error: unknown, log: FastifyInstance['log']): Problem {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'request';
    const failures = error.validation.flatMap((entry) => {
      const path = entry.instancePath.split('/').filter((part) => part !== '');
      const issue: ValidationIssue = { ...(entry.params as object), code: entry.keyword, message: entry.message };
      const unknown = (entry.params as { keys?: unknown }).keys;
      // A mistyped field is named, so the client sees which one was refused.
      if (entry.keyword === 'unrecognized_keys' && Array.isArray(unknown)) {
        return unknown.map((key) => ({ path: [...path, String(key)], message: 'is not a known field' }));
      }
      return [{ path, message: expectation(issue) }];
    });
    const errors = failures.map(({ path, message }) => ({ path: [where, ...path].join('.'), message }));
    const detail = failures.map(({ path, message }) => `${fieldName(where, path)} ${message}`).join('; ');
    return problem(400, detail, errors);
  }
  if (error instanceof InvalidInput) return problem(400, error.message, error.errors);
  if (error instanceof Throttled) return problem(429, error.message);
  if (error instanceof Busy) return problem(503, error.message);
  if (error instanceof FollowupError) return problem(KIND_STATUS[error.kind], error.message);
  if (error instanceof PreconditionFailed) return problem(412, error.message);
  if (error instanceof CheckpointsUnavailable) return problem(503, error.message);
  if (error instanceof RevisionConflict) {
    return problem(409, 'the resource changed too often while the command was decided; retry it');
  }
  if (error instanceof StoreUnavailable) {
    log.error({ err: error, outcomeUnknown: error.outcomeUnknown }, 'event store unavailable');
    if (error.outcomeUnknown) {
      return problem(
        503,
        'the event store did not confirm the write, which may have been recorded: retry with the same Idempotency-Key, which answers the first outcome if it was',
      );
    }
    return problem(503, 'the event store cannot be written or read right now; nothing was recorded, retry later');
  }
  if (error instanceof CorruptEvent) {
    // Still a server fault, but one an operator can act on: say which stored event cannot be read.
    log.error({ err: error, stream: error.stream, revision: error.revision }, 'stored event cannot be decoded');
    return problem(
      500,
      `the stored event ${error.stream} revision ${error.revision} cannot be read: the log was altered outside the service; followup verify lists every break`,
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) return problem(status, clientMessage(fastifyError));
  log.error({ err: error }, 'unexpected error');
  return problem(500, 'an unexpected error occurred; it was logged');
}

/** Fastify's own client errors, in words a client can act on. */
function clientMessage(error: Partial<FastifyError>): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'the body must be JSON: send Content-Type: application/json';
    case 'FOLLOWUP_UNSUPPORTED_CHARSET':
      return 'JSON bodies are UTF-8: send Content-Type: application/json, with no charset or charset=utf-8';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the body is larger than the service accepts';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty; send a JSON object';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'the body is not valid JSON';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'a path segment of the URL is too long';
    default:
      return error.code === 'FST_ERR_BAD_URL' ? 'the URL is malformed' : 'the request is malformed';
  }
}
