import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { problem } from './problem.js';
import { API_HEADERS } from './security.js';

/** Node's own refusals, before any route: a request that cannot be parsed, headers too large, a request too slow. */
const REFUSALS: Record<string, [status: number, detail: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request did not arrive in time; the connection is closed'],
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
};

/**
 * Answers what Node refuses before fastify sees a request (a malformed header, a request that took too long) with a
 * problem like every other error, then closes the connection: it cannot carry another request.
 */
export function clientErrorHandler(
  this: { log: FastifyBaseLogger },
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] = REFUSALS[error.code ?? ''] ?? [400, 'the request is malformed and cannot be parsed'];
  this.log.debug({ err: error, status }, 'request refused before routing');
  // As Node does: answer only where no answer has begun on this connection.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !answering?.headersSent) {
    const body = JSON.stringify(problem(status, detail));
    const headers = {
      ...API_HEADERS,
      'content-type': 'application/problem+json',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`, () => socket.destroy());
    return;
  }
  socket.destroy();
}
