/**
 * A page's size in bytes. Counts bound a page's items, but not their size: a list page of 500 recommendations, each
 * with 50 measures inlined, or 1000 events of half a megabyte, could run to hundreds of megabytes. Every paged read
 * stops early, before the JSON of its items passes the page's bytes (FOLLOWUP_PAGE_BYTES), and its cursor goes on
 * from the last item served.
 */

/** What the envelope of a page (its id, cursor, counts and facets) may take beside its items. */
const ENVELOPE_ALLOWANCE = 1024;

/**
 * How many of `items`, from the first, fit in `maxBytes` of JSON beside `envelope` (what the page holds beside the
 * items, if large): at least one, so a page always moves on however large one item is. No bound: all of them.
 */
export function itemsWithin(items: readonly unknown[], maxBytes: number | undefined, envelope?: unknown): number {
  if (maxBytes === undefined || items.length <= 1) return items.length;
  let used = ENVELOPE_ALLOWANCE + (envelope === undefined ? 0 : Buffer.byteLength(JSON.stringify(envelope)));
  for (let i = 0; i < items.length; i++) {
    used += Buffer.byteLength(JSON.stringify(items[i])) + 1;
    if (used > maxBytes) return Math.max(1, i);
  }
  return items.length;
}
