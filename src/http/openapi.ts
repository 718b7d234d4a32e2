import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

const DESCRIPTION = `Tracks how States implement the recommendations of UN human-rights bodies.

Every write is a command that appends an event; reads come from read models built from those events.

- Errors are RFC 9457 \`application/problem+json\`; \`type\` is one of \`/problems/invalid-request\` (400),
  \`unauthorized\` (401), \`forbidden\` (403), \`not-found\` (404), \`method-not-allowed\` (405, with \`Allow\`),
  \`conflict\` (409), \`stale-revision\` (412),
  \`body-too-large\` (413), \`unsupported-media-type\` (415), \`domain-rule\` (422), \`rate-limited\` (429),
  \`unavailable\` (503).
- Commands answer \`ETag: W/"<revision>"\`; send it back as \`If-Match\` to append only if nothing changed since (else 412).
- \`Idempotency-Key\` on any POST: a retry with the same key and body from the same token gets the first answer again
  and appends nothing; the same key with another body is 422. Keys are kept for good. A token's secret is shown
  once, so a retried \`POST /v1/tokens\` with a used key is 409.
- Query strings are strict like bodies: an unknown parameter is 400, never ignored.
- \`overdue\` is judged on the day of the request (UTC) unless \`asOf\` names another day.
- Reads carry an ETag (\`If-None-Match\` → 304): a status's is its log position, with the day when \`asOf\` is today;
  a recommendation's its revision, with the day while its overdue may move. Public answers are
  \`Cache-Control: public, max-age=0, must-revalidate\`, answers to a token private; all vary on Authorization.`;

/** The OpenAPI document at /openapi.json and its UI at /docs, generated from the zod schemas of the routes. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'followup', version: '1.0.0', description: DESCRIPTION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'reports', description: 'Periodic reports and their review' },
        { name: 'recommendations', description: 'Recommendations, measures, follow-up and assessments' },
        { name: 'states', description: 'Implementation status per State' },
        {
          name: 'planning',
          description:
            'National planning: institutions, responsibilities, clusters, actions, indicators, the plan, drafted reports',
        },
        {
          name: 'special procedures',
          description: "Mandates, country visits and their reports, communications and the States' replies",
        },
        { name: 'events', description: 'The event log' },
        { name: 'tokens', description: 'Access tokens (admin)' },
        {
          name: 'notifications',
          description:
            'Webhook subscriptions (per State, body and kind of notice), signed notices delivered from the log, the delivery log',
        },
        { name: 'checkpoints', description: 'Signed checkpoints of the log; inclusion and consistency proofs' },
        { name: 'operations', description: 'Health, readiness, metrics' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
