/** Many appends at once, through the store's own batch when it has one, else one `append` each. */
import type { BatchAppend, BatchOutcome, EventStore } from './port.js';

export function appendBatch(store: EventStore, appends: readonly BatchAppend[]): Promise<BatchOutcome[]> {
  if (appends.length === 0) return Promise.resolve([]);
  if (store.appendBatch) return store.appendBatch(appends);
  // Sent together: a store that commits concurrent appends together (group commit) still shares its transactions.
  return Promise.all(
    appends.map(({ stream, events, expectedRevision }) =>
      store.append(stream, events, { expectedRevision }).then(
        (result): BatchOutcome => ({ ok: true, result }),
        (error: unknown): BatchOutcome => ({ ok: false, error }),
      ),
    ),
  );
}
