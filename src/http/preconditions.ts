import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput } from '../domain/errors.js';

/** A weak entity tag for a stream revision or a log position. */
export const etag = (value: number | string): string => `W/"${value}"`;

/** The revision named by If-Match (`W/"3"` or `"3"`); undefined when absent or `*`. */
export function ifMatchRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match?.[1]) {
    throw new InvalidInput('If-Match must name one revision, like W/"3" or "3"', [
      { path: 'headers.if-match', message: 'must be W/"<revision>" or "<revision>"' },
    ]);
  }
  return Number(match[1]);
}

/** Answers 304 when If-None-Match names the current tag; returns whether it did. */
export function notModified(request: FastifyRequest, reply: FastifyReply, tag: string): boolean {
  reply.header('etag', tag);
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const opaque = tag.replace(/^W\//, '');
  const matches = header.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === opaque;
  });
  if (matches) reply.code(304).send();
  return matches;
}
