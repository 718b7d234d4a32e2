import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext, CommandResponse } from '../app/commands/context.js';
import { InvalidInput } from '../domain/errors.js';
import { etag, ifMatchRevision } from './preconditions.js';

/** The transport-free context of a command: who sent it, its ids, its preconditions. */
export function commandContext(request: FastifyRequest): CommandContext {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && (key.length === 0 || key.length > 255)) {
    throw new InvalidInput('Idempotency-Key must have 1 to 255 characters', [
      { path: 'headers.idempotency-key', message: 'must have 1 to 255 characters' },
    ]);
  }
  const ifMatch = ifMatchRevision(request);
  return {
    principal: request.principal,
    correlationId: correlationId(request),
    causationId: request.id,
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(key !== undefined
      ? { idempotency: { key, method: request.method, path: request.url, body: request.body } }
      : {}),
  };
}

/** A client may tie its requests together with X-Correlation-Id; otherwise the request id serves. */
function correlationId(request: FastifyRequest): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : request.id;
}

/** Answers a command: its status, ETag of the new revision, Location of a created resource. */
export function replyCommand(reply: FastifyReply, response: CommandResponse, location?: (id: string) => string) {
  reply.code(response.status).header('etag', etag(response.body.revision));
  if (response.status === 201 && location) reply.header('location', location(response.body.id));
  return response.body;
}
