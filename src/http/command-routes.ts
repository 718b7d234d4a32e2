import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { CommandContext, CommandResponse } from '../app/commands/context.js';
import type { Action } from '../domain/token/permissions.js';
import { commandContext, replyCommand } from './command-reply.js';
import { RemovalQuery } from './planning-schemas.js';
import { CommandAccepted, Problem, ResourceId } from './schemas.js';

/** What a command answers when it changes nothing: each a problem+json. */
export const commandErrors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  412: Problem,
  422: Problem,
};

/** A command sent as the JSON body of a POST: where, its OpenAPI tags and summary, the action authorised, its body. */
export interface CommandRoute<Body extends z.ZodType> {
  url: string;
  tags: string[];
  summary: string;
  action: Action;
  body: Body;
}

/**
 * The route (for `app.route`) of a command that creates a resource: 201 with its ETag and Location, or a problem.
 * `run` is typed by the body's schema, so the route's handler gets what its own schema parsed.
 */
export function creating<Body extends z.ZodType>(
  { url, tags, summary, action, body }: CommandRoute<Body>,
  run: (context: CommandContext, body: z.output<Body>) => Promise<CommandResponse>,
  location: (id: string) => string,
) {
  return {
    method: 'POST' as const,
    url,
    config: { action },
    schema: { tags, summary, body, response: { 201: CommandAccepted, ...commandErrors } },
    handler: async (request: FastifyRequest & { body: z.output<Body> }, reply: FastifyReply) =>
      replyCommand(reply, await run(commandContext(request), request.body), location),
  };
}

/** The route (for `app.route`) of a command on the resource `:id` of its URL: 200 with its ETag, or a problem. */
export function changing<Body extends z.ZodType>(
  { url, tags, summary, action, body }: CommandRoute<Body>,
  run: (context: CommandContext, id: string, body: z.output<Body>) => Promise<CommandResponse>,
) {
  return {
    method: 'POST' as const,
    url,
    config: { action },
    schema: { tags, summary, params: ResourceId, body, response: { 200: CommandAccepted, ...commandErrors } },
    handler: async (request: FastifyRequest & { params: { id: string }; body: z.output<Body> }, reply: FastifyReply) =>
      replyCommand(reply, await run(commandContext(request), request.params.id, request.body)),
  };
}

/**
 * The route (for `app.route`) of a DELETE that ends a tie of the resource `:id` from a day (`?on=`, absent: left to
 * the command), the tie named by the other `params` of its URL: 200 with the ETag, or a problem.
 */
export function removing<Params extends z.ZodType>(
  { url, tags, summary, action, params }: Omit<CommandRoute<z.ZodType>, 'body'> & { params: Params },
  run: (context: CommandContext, params: z.output<Params>, on: string | undefined) => Promise<CommandResponse>,
) {
  return {
    method: 'DELETE' as const,
    url,
    config: { action },
    schema: { tags, summary, params, querystring: RemovalQuery, response: { 200: CommandAccepted, ...commandErrors } },
    handler: async (
      request: FastifyRequest & { params: z.output<Params>; query: z.output<typeof RemovalQuery> },
      reply: FastifyReply,
    ) => replyCommand(reply, await run(commandContext(request), request.params, request.query.on)),
  };
}
