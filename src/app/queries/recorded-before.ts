/**
 * What the service knew: a State's status as of an effective day, computed only from the events recorded before an
 * instant. The live read models answer "what was true on day D" (`asOf`); this replays the log into a scratch read
 * model to answer "what did we know at instant T" as well (`recordedBefore`).
 */
import Sqlite from 'better-sqlite3';
import { migrateAll, recommendationsProjection, StateQueries, type StateStatus } from '../../../projections/index.js';
import type { EventStore } from '../../eventstore/port.js';

/** An instant given as an ISO date (midnight UTC) or date-time, as milliseconds; undefined when not one. */
export function instantOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/** The State's status on `asOf` as the log stood just before `recordedBefore` (an ISO date or date-time). */
export async function stateStatusRecordedBefore(
  store: Pick<EventStore, 'readAll'>,
  state: string,
  asOf: string,
  recordedBefore: string,
): Promise<StateStatus> {
  const cutoff = instantOf(recordedBefore);
  if (cutoff === undefined) throw new RangeError(`recordedBefore must be an ISO date or date-time: ${recordedBefore}`);
  const db = new Sqlite(':memory:');
  try {
    migrateAll(db, [recommendationsProjection]);
    const apply = recommendationsProjection.bind(db);
    const streams = new Set<string>();
    let position = '0';
    // Group commit may record appends out of recordedAt order by a few milliseconds: read the whole log.
    for await (const event of store.readAll()) {
      if (Date.parse(event.metadata.recordedAt) >= cutoff) continue;
      position = event.position;
      if (event.type === 'RecommendationIssued' && (event.data as { state?: string }).state === state) {
        streams.add(event.stream);
      }
      if (streams.has(event.stream)) apply(event);
    }
    return new StateQueries(db, () => position).stateStatus(state, asOf);
  } finally {
    db.close();
  }
}
