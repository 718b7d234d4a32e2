import { once } from 'node:events';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { eventView, readableBy } from '../../app/queries/events.js';
import { InvalidInput } from '../../domain/errors.js';
import { LogPosition, type Subscription } from '../../eventstore/port.js';
import type { HttpLimits } from '../limits.js';
import { Busy, Throttled } from '../problem.js';
import { LogQuery, Problem } from '../schemas.js';

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;

/** `id:` is the global position, so a reconnecting EventSource resumes after the last event it saw. */
const frame = (id: string, type: string, data: unknown): string =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/** A client over its own share of streams waits for one of them to end; a second is a fair guess. */
const STREAM_RETRY_MS = 5_000;

/**
 * The log as Server-Sent Events: catch up from a position, then every event as it is committed, live from the
 * process's one shared reader (followup.feed). Streams are capped in total (503) and per address (429).
 */
export const eventStreamRoutes: FastifyPluginAsyncZod<{
  followup: Followup;
  limits: Pick<HttpLimits, 'streams' | 'streamsPerAddress'>;
}> = async (app, { followup, limits }) => {
  const open = new Set<Subscription>();
  const byAddress = new Map<string, number>();
  // An open stream would keep the server from closing: end them all first.
  app.addHook('preClose', async () => {
    await Promise.all([...open].map((subscription) => subscription.close()));
  });

  app.get(
    '/v1/events/stream',
    {
      config: { read: true, cache: false },
      schema: {
        tags: ['events'],
        summary: 'Server-Sent Events: the events after a position (Last-Event-ID or ?after=), then live',
        querystring: LogQuery,
        response: { 400: Problem, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      if (
        lastEventId !== undefined &&
        (typeof lastEventId !== 'string' || !LogPosition.safeParse(lastEventId.trim()).success)
      ) {
        throw new InvalidInput('Last-Event-ID must be a global position', [
          { path: 'headers.last-event-id', message: 'must be a global position' },
        ]);
      }
      // A reconnecting browser sends Last-Event-ID, and it wins over the ?after= of the URL it reopens.
      const after = lastEventId?.trim() ?? request.query.after;
      const { type, stream } = request.query;
      const filter = readableBy(request.principal, { type, stream });
      if (limits.streams > 0 && open.size >= limits.streams) {
        throw new Busy(`the service serves ${limits.streams} event streams at once, all taken`, STREAM_RETRY_MS / 1000);
      }
      const address = request.ip;
      const mine = byAddress.get(address) ?? 0;
      if (limits.streamsPerAddress > 0 && mine >= limits.streamsPerAddress) {
        throw new Throttled(
          `${limits.streamsPerAddress} event streams are open from this address already`,
          STREAM_RETRY_MS,
        );
      }
      const subscription = followup.feed.subscribe({ ...(after ? { after } : {}), filter });
      open.add(subscription);
      byAddress.set(address, mine + 1);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      raw.write('retry: 3000\n\n');
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const closed = () => void subscription.close();
      raw.on('close', closed);
      try {
        for await (const event of subscription) {
          if (!raw.write(frame(event.position, event.type, eventView(event)))) {
            await Promise.race([once(raw, 'drain'), once(raw, 'close')]);
          }
          if (raw.destroyed) break;
        }
      } catch (error) {
        request.log.error({ err: error }, 'event stream ended by an error');
      } finally {
        clearInterval(keepAlive);
        raw.off('close', closed);
        open.delete(subscription);
        const left = (byAddress.get(address) ?? 1) - 1;
        if (left > 0) byAddress.set(address, left);
        else byAddress.delete(address);
        await subscription.close();
        if (!raw.destroyed) raw.end();
      }
    },
  );
};
