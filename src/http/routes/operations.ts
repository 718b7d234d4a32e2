import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { Followup } from '../../app/followup.js';
import { problem, sendProblem } from '../problem.js';

/** Liveness, readiness and metrics, for orchestrators and Prometheus. */
export const operationRoutes: FastifyPluginAsync<{ followup: Followup; metrics: Registry }> = async (
  app,
  { followup, metrics },
) => {
  app.get('/health', { schema: { tags: ['operations'], summary: 'Liveness: the process answers' } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the store answers, can be written, and the read models are caught up',
      },
    },
    async (_request, reply) => {
      const notReady = await followup.notReady().catch(() => 'the event store is not reachable');
      if (notReady) return sendProblem(reply, problem(503, notReady));
      return { status: 'ready', position: followup.readModels.currentPosition() };
    },
  );

  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
    reply.type(metrics.contentType);
    // prom-client separates metrics with a blank line; scrapers accept it, people reading it need not.
    return (await metrics.metrics()).replace(/\n{2,}/g, '\n');
  });
};
