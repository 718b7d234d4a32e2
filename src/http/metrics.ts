import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read of the webhook delivery, at each scrape. */
export interface DeliveryHealth {
  failing(): { subscriptions: number; mostAttempts: number };
}

/**
 * Process metrics plus request durations by route and status, commands by outcome, and webhook subscriptions held by
 * a failing receiver.
 */
export function instrument(app: FastifyInstance, delivery?: DeliveryHealth): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'followup_' });
  const duration = new Histogram({
    name: 'followup_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const commands = new Counter({
    name: 'followup_commands_total',
    help: 'Commands answered, by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  if (delivery) {
    new Gauge({
      name: 'followup_webhook_subscriptions_failing',
      help: 'Webhook subscriptions whose next notice failed and is being retried',
      registers: [registry],
      collect() {
        this.set(delivery.failing().subscriptions);
      },
    });
    new Gauge({
      name: 'followup_webhook_most_failed_attempts',
      help: 'The most failed attempts at one notice among the subscriptions held',
      registers: [registry],
      collect() {
        this.set(delivery.failing().mostAttempts);
      },
    });
  }
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    duration.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    if (request.method === 'POST' || request.method === 'DELETE') commands.inc({ route, status });
    done();
  });
  return registry;
}
