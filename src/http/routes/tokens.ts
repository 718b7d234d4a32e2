import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Followup } from '../../app/followup.js';
import { IssueToken } from '../../domain/token/token.js';
import { commandContext } from '../command-reply.js';
import { Problem, ResourceId } from '../schemas.js';

const errors = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 422: Problem };

/** Bearer tokens, issued and revoked by admins; each is an event, so who was granted what is auditable. */
export const tokenRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.post(
    '/v1/tokens',
    {
      config: { action: 'IssueToken' },
      schema: {
        tags: ['tokens'],
        summary: 'Issue a token; its secret is shown in this answer only',
        body: IssueToken,
        response: {
          201: z.object({
            id: z.string(),
            token: z.string().describe('the bearer secret: store it now, it is never shown again'),
            name: z.string(),
            role: z.string(),
            states: z.array(z.string()),
            expiresAt: z.string().optional().describe('when it stops working (UTC); absent: never'),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const issued = await followup.tokens.issue(commandContext(request), request.body);
      reply.code(201).header('location', `/v1/tokens/${issued.id}`).header('cache-control', 'no-store');
      return issued;
    },
  );

  app.delete(
    '/v1/tokens/:id',
    {
      config: { action: 'RevokeToken' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token: it is refused at once',
        params: ResourceId,
        response: { 204: z.null().describe('revoked'), 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      await followup.tokens.revoke(commandContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
