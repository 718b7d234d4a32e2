import { createHash } from 'node:crypto';

/** Deterministic, URL-safe ids: issuing or importing the same thing twice yields the same id. */
export function slug(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const reportId = (symbol: string): string => slug(symbol);
/** A document concerning several States holds one recommendation per State: then the State is part of the id. */
export const recommendationId = (symbol: string, paragraph: string, state?: string): string =>
  state === undefined ? slug(symbol, paragraph) : slug(symbol, paragraph, state);

export const reportStream = (id: string): string => `report-${id}`;
export const recommendationStream = (id: string): string => `recommendation-${id}`;
export const tokenStream = (id: string): string => `token-${id}`;
export const subscriptionStream = (id: string): string => `subscription-${id}`;
/** One stream per deadline notice: its kind, deadline and recommendation, so that it is recorded once, ever. */
export const noticeStream = (kind: string, deadline: string, recommendationId: string): string =>
  `notice-${slug(kind)}-${deadline}-${recommendationId}`;

/** The category and id of a stream named `category-id`. */
export function parseStream(stream: string): { category: string; id: string } {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}

/** Ids of what a State plans are slugs of the State and a name or title; a long one keeps a hash of the rest. */
export function plannedId(state: string, title: string): string {
  const full = slug(state, title);
  if (full.length <= MAX_PLANNED_ID) return full;
  // Two long titles sharing their first 90 characters still get two ids.
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_PLANNED_ID - 9).replace(/-+$/, '')}-${digest}`;
}
const MAX_PLANNED_ID = 100;

export const institutionStream = (id: string): string => `institution-${id}`;
export const clusterStream = (id: string): string => `cluster-${id}`;
export const actionStream = (id: string): string => `action-${id}`;
export const indicatorStream = (id: string): string => `indicator-${id}`;
