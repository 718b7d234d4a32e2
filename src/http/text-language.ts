import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { TEXT_LANGUAGES } from '../domain/vocabulary.js';

/**
 * The languages the caller prefers, best first: `?lang=` alone when given, else those of Accept-Language (q-values
 * weigh; fr-CA asks for fr) among the texts' languages. Answers vary with the header, and say so.
 */
export function preferredLanguages(request: FastifyRequest, reply: FastifyReply, lang: string | undefined): string[] {
  reply.header('vary', 'Accept-Language');
  if (lang !== undefined) return [lang];
  return new Negotiator(request).languages([...TEXT_LANGUAGES]);
}
