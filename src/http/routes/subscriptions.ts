import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Followup } from '../../app/followup.js';
import { NOTICE_KINDS } from '../../domain/subscription/notice.js';
import { Subscribe } from '../../domain/subscription/subscription.js';
import { commandContext, replyCommand } from '../command-reply.js';
import { commandErrors, creating } from '../command-routes.js';
import { CommandAccepted, Problem, ResourceId } from '../schemas.js';

export const SubscriptionView = z.object({
  id: z.string(),
  url: z.string(),
  states: z.array(z.string()).describe('the States followed; empty: every State'),
  mechanisms: z.array(z.string()).describe('the bodies followed; empty: every body'),
  notices: z.array(z.string()).describe(`the kinds wanted (${NOTICE_KINDS.join(', ')}); empty: all`),
  description: z.string().nullable(),
  createdBy: z.object({ tokenId: z.string(), name: z.string(), role: z.string() }),
  createdAt: z.string(),
  position: z.string().describe('the log position of its creation: notices of later events are delivered'),
  revision: z.number().int(),
  deletedAt: z.string().nullable(),
  delivery: z.object({
    position: z.string().describe('the last log position delivered (or passed over as not wanted)'),
    failedAttempts: z.number().int().describe('failed attempts at the next notice since the last success'),
    nextAttemptAt: z.string().optional().describe('when the next attempt is due, after a failure'),
  }),
});

export const DeliveryAttemptView = z.object({
  id: z.number().int(),
  noticeId: z.string().describe('the webhook-id header: the same on every attempt at one notice'),
  notice: z.string(),
  position: z.string(),
  attempt: z.number().int().describe('1 for the first attempt at this notice, 2 for the first retry…'),
  attemptedAt: z.string(),
  outcome: z.enum(['delivered', 'failed', 'refused']),
  status: z.number().int().optional().describe("the receiver's HTTP status, when it answered"),
  error: z.string().optional(),
  durationMs: z.number().int(),
  nextAttemptAt: z.string().optional(),
});

const DeliveryQuery = z.strictObject({
  before: z.coerce.number().int().min(1).optional().describe('attempts before this attempt id (the page cursor)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Webhook subscriptions and their delivery logs; notices themselves go out from the log (src/app/notifications). */
export const subscriptionRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  const subscriptions = followup.notifications.subscriptions;

  app.route(
    creating(
      {
        url: '/v1/subscriptions',
        tags: ['notifications'],
        summary: 'Subscribe a webhook to notices of some States and bodies (WebhookSubscribed)',
        action: 'Subscribe',
        body: Subscribe,
      },
      (context, body) => subscriptions.subscribe(context, body),
      (id) => `/v1/subscriptions/${id}`,
    ),
  );

  app.get(
    '/v1/subscriptions',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The subscriptions this token may see (a State token: those of its States); never their secrets',
        response: { 200: z.object({ items: z.array(SubscriptionView) }), 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: subscriptions.list(request.principal) };
    },
  );

  app.get(
    '/v1/subscriptions/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'One subscription, with where its delivery stands',
        params: ResourceId,
        response: { 200: SubscriptionView, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return subscriptions.get(request.principal, request.params.id);
    },
  );

  app.delete(
    '/v1/subscriptions/:id',
    {
      config: { action: 'Unsubscribe' },
      schema: {
        tags: ['notifications'],
        summary: 'Delete a subscription (WebhookUnsubscribed): nothing more is sent; its delivery log stays',
        params: ResourceId,
        response: { 200: CommandAccepted, ...commandErrors },
      },
    },
    async (request, reply) =>
      replyCommand(reply, await subscriptions.unsubscribe(commandContext(request), request.params.id)),
  );

  app.get(
    '/v1/subscriptions/:id/deliveries',
    {
      schema: {
        tags: ['notifications'],
        summary: "A subscription's delivery log, newest attempt first: every attempt, its outcome and status",
        params: ResourceId,
        querystring: DeliveryQuery,
        response: {
          200: z.object({
            items: z.array(DeliveryAttemptView),
            next: z.string().optional().describe('the URL of the next (older) page'),
          }),
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { id } = request.params;
      const { before, limit } = request.query;
      const items = subscriptions.deliveries(request.principal, id, before ?? Number.MAX_SAFE_INTEGER, limit);
      const last = items.at(-1);
      return {
        items,
        ...(items.length === limit && last
          ? { next: `/v1/subscriptions/${id}/deliveries?before=${last.id}&limit=${limit}` }
          : {}),
      };
    },
  );
};
