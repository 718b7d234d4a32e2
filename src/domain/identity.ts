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

/** The category and id of a stream named `category-id`. */
export function parseStream(stream: string): { category: string; id: string } {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}
