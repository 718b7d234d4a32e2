import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, NotFound } from '../domain/errors.js';

/**
 * A weak entity tag for a stream revision or a log position (the contract's `W/"<revision>"`), followed by the day
 * when the answer also depends on today (overdue judged on it): `W/"3@2026-12-02"`.
 */
export const etag = (value: number | string, day?: string, language?: string): string =>
  `W/"${value}${day ? `@${day}` : ''}${language ? `:${language}` : ''}"`;

/**
 * A resource read, answered with its revision as the ETag (what If-Match on its commands names); NotFound when it is
 * not there, `what` naming it (`action a-1`).
 */
export function withRevision<Found extends { revision: number }>(
  reply: FastifyReply,
  found: Found | undefined,
  what: string,
): Found {
  if (!found) throw new NotFound(`${what} does not exist`);
  reply.header('etag', etag(found.revision));
  return found;
}

/** The revision named by If-Match (`W/"3"`, `"3"`, or a read's `W/"3@2026-12-02"`); undefined when absent or `*`. */
export function ifMatchRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})(?:@\d{4}-\d{2}-\d{2})?(?::[a-z]{2,3})?"\s*$/.exec(header);
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
  const matches = noneMatch(header, tag);
  if (matches) reply.code(304).send();
  return matches;
}

/** Whether an If-None-Match header names `tag` (the weak comparison of RFC 9110: W/ ignored) or is `*`. */
export function noneMatch(header: string, tag: string): boolean {
  const opaque = tag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === opaque;
  });
}
