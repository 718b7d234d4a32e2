import type { FastifyInstance } from 'fastify';
import { LogPosition } from '../eventstore/port.js';
import { problem, sendProblem } from './problem.js';

/** What the hook needs: whether the read models reached a position within a time. */
export interface PositionWaiter {
  reached(position: string, timeoutMs: number): Promise<boolean>;
}

/**
 * Read-your-writes across replicas: a GET with `?minPosition=<position a command answered>` waits (bounded) until
 * this replica's read models reach it, then is answered as usual; past the bound it is a 503 the client may retry.
 * The parameter is taken off the query before the route's strict schema sees it.
 */
export function acceptMinPosition(app: FastifyInstance, followup: PositionWaiter, timeoutMs = 3_000): void {
  app.addHook('onRequest', (request, reply, done) => {
    const query = request.query as Record<string, unknown> | undefined;
    const asked =
      (request.method === 'GET' || request.method === 'HEAD') && !!query && Object.hasOwn(query, 'minPosition');
    if (!asked) return done();
    const wanted = query.minPosition;
    delete query.minPosition;
    if (typeof wanted !== 'string' || !LogPosition.safeParse(wanted).success) {
      sendProblem(reply, problem(400, 'minPosition must be a position (a decimal string)'));
      return;
    }
    followup.reached(wanted, timeoutMs).then((reached) => {
      if (reached) return done();
      reply.header('retry-after', '1');
      sendProblem(
        reply,
        problem(503, `the read models have not reached position ${wanted} within ${timeoutMs / 1000} s; retry shortly`),
      );
    }, done);
  });
}
