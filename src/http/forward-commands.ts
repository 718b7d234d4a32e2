/**
 * A reader process answers reads from its own connection to the embedded store and passes everything else (the
 * commands) to the one writer process over its private socket, untouched: the writer authenticates, limits, runs and
 * answers them as if the client had asked it. The client's address goes along as the only X-Forwarded-For entry,
 * which the writer believes (docs/architecture.md, "Reader processes").
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { problem } from './problem.js';

/** Methods a reader answers itself; CORS preflights included. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Headers of one connection, not of the request (RFC 9110, 7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

function withoutHops(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept = { ...headers };
  for (const name of HOP_BY_HOP) delete kept[name];
  return kept;
}

export function forwardCommands(app: FastifyInstance, writerSocket: string): void {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  app.addHook('onClose', (_instance, done) => {
    agent.destroy();
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (READS.has(request.method)) return done();
    reply.hijack();
    const out = reply.raw;
    let sent = false;
    const headers = withoutHops(request.headers);
    headers['x-forwarded-for'] = request.ip;
    headers['x-request-id'] = request.id;
    const upstream = httpRequest(
      { socketPath: writerSocket, method: request.method, path: request.url, headers, agent },
      (answer) => {
        out.writeHead(answer.statusCode ?? 502, withoutHops(answer.headers));
        answer.pipe(out);
      },
    );
    upstream.on('finish', () => {
      sent = true;
    });
    upstream.on('error', (error) => {
      request.log.error({ err: error }, 'the writer process could not be reached');
      if (out.headersSent) return void out.destroy();
      // Until the whole request reached the writer, nothing can have been recorded; after, it may have been.
      const body = problem(
        503,
        sent
          ? 'the writer process did not answer; the command may have been recorded: retry it with the same Idempotency-Key'
          : 'the writer process is not reachable; nothing was recorded; retry shortly',
      );
      out.writeHead(503, {
        'content-type': 'application/problem+json',
        'retry-after': '1',
        'x-request-id': request.id,
      });
      out.end(JSON.stringify(body));
    });
    request.raw.pipe(upstream);
  });
}
