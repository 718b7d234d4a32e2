/**
 * An AsyncIterable over a table read page by page with synchronous queries: one page in memory at a time, no
 * statement left open between pages (so writes can run while a reader is paused), and no async-generator
 * machinery per event (replay reads millions of them).
 */
export function paged<Row, T>(options: {
  pageSize: number;
  /** Most items in all; Infinity for no limit. */
  limit: number;
  /** The next page of at most `size` rows after `last` (undefined for the first page). */
  fetch(size: number, last: Row | undefined): Row[];
  map(row: Row): T;
  /** Checks options when iteration starts; throws to refuse. */
  validate?(): void;
}): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      options.validate?.();
      let rows: Row[] = [];
      let index = 0;
      let remaining = options.limit;
      let more = remaining > 0;
      const step = (): IteratorResult<T> => {
        if (index >= rows.length && more) {
          const size = Math.min(options.pageSize, remaining);
          rows = options.fetch(size, rows.at(-1));
          index = 0;
          remaining -= rows.length;
          more = rows.length === size && remaining > 0;
        }
        if (index < rows.length) return { value: options.map(rows[index++] as Row), done: false };
        more = false;
        return { value: undefined, done: true };
      };
      return {
        next: () => {
          try {
            return Promise.resolve(step());
          } catch (error) {
            more = false;
            rows = [];
            return Promise.reject(error);
          }
        },
        return: () => {
          more = false;
          rows = [];
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
