import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Tokens } from '../app/commands/tokens.js';
import { Forbidden, Unauthorized } from '../domain/errors.js';
import { type Action, type Principal, roleMay } from '../domain/token/permissions.js';
import { Throttled } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The command a write route runs: its role is checked before the body is read. */
    action?: Action;
    /** A read route: public unless FOLLOWUP_PUBLIC_READ=false. */
    read?: boolean;
  }
}

const ANONYMOUS: Principal = { kind: 'anonymous' };

/** Resolves the bearer token of every request, and refuses early what no body could make allowed. */
export const authentication = fp(
  async (app: FastifyInstance, options: { tokens: Tokens; publicRead: boolean }) => {
    app.decorateRequest('principal', null as never);
    app.addHook('onRequest', (request, _reply, done) => {
      try {
        request.principal = principalOf(request, options.tokens, () => {
          // Only an invalid token meets the block: a valid one, or a request without one, is never held up.
          const wait = app.authenticationBlock?.(request.ip) ?? 0;
          if (wait > 0) throw new Throttled('too many failed authentications from this address', wait);
        });
        const { action, read } = request.routeOptions.config;
        if (action) {
          if (request.principal.kind === 'anonymous') throw new Unauthorized('this command needs a bearer token');
          if (!roleMay(request.principal, action)) {
            throw new Forbidden(`the ${request.principal.role} role may not run ${action}`);
          }
        } else if (read && !options.publicRead && request.principal.kind === 'anonymous') {
          throw new Unauthorized('reads need a bearer token on this service');
        }
      } catch (error) {
        return done(error as Error);
      }
      done();
    });
  },
  { name: 'authentication' },
);

/** The principal of the bearer token; `refused` runs before a presented token is refused (it may answer 429). */
function principalOf(request: FastifyRequest, tokens: Tokens, refused: () => void): Principal {
  const header = request.headers.authorization;
  if (header === undefined) return ANONYMOUS;
  try {
    const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header.trim());
    if (!match?.[1]) throw new Unauthorized('the Authorization header must be "Bearer <token>"');
    return tokens.authenticate(match[1]);
  } catch (error) {
    if (error instanceof Unauthorized) refused();
    throw error;
  }
}
