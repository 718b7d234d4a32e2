import type { FastifyRequest } from 'fastify';

/** Secrets never reach a log line: headers, cookies, and any field named token. */
export const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.token'];

/** Query parameters whose values are secrets when a client puts a token where it does not belong. */
const SECRET_PARAMETER = /token|key|secret|auth|password|session|signature/i;
/** A bearer secret of this service, wherever it appears in a URL. */
const BEARER_SECRET = /fu_[A-Za-z0-9_-]{8,}/g;

/** The URL as it may be logged: secret-looking query values and this service's tokens replaced. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  const query =
    question < 0
      ? ''
      : `?${url
          .slice(question + 1)
          .split('&')
          .map((pair) => {
            const equals = pair.indexOf('=');
            const name = equals < 0 ? pair : pair.slice(0, equals);
            return equals >= 0 && SECRET_PARAMETER.test(name) ? `${name}=[REDACTED]` : pair;
          })
          .join('&')}`;
  return `${path}${query}`.replace(BEARER_SECRET, 'fu_[REDACTED]');
}

/** fastify's own request serializer, with the URL redacted. */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
