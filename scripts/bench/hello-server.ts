/** The HTTP ceiling: fastify hello-world with a response schema, nothing else (no logger, no plugins). */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get(
  '/hello',
  { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } },
  async () => ({ hello: 'world' }),
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
