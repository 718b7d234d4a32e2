import type { Database } from 'better-sqlite3';
import { AS_OF_COLUMNS, HORIZON_OF_ROW } from './state-status.js';

/** A day after every date a recommendation can hold. */
const PAST_EVERY_DATE = '9999-12-31';

const KEPT = ['mechanism', 'deadline', 'status', 'level', 'response', 'reply_on', 'closed', 'horizon'];

/**
 * The standing of the recommendations `where` selects, written only where it differs from the row kept: most events
 * (a measure on a recommendation already in progress, say) leave it as it was, and an unchanged row is neither
 * deleted and inserted again (as `INSERT OR REPLACE` did) nor its page written to the WAL.
 */
function standingFrom(where: string): string {
  return `
    INSERT INTO recommendation_standing
      (mechanism, deadline, status, level, response, reply_on, closed, state, recommendation_id, horizon)
    SELECT ${AS_OF_COLUMNS}, r.state, r.id, ${HORIZON_OF_ROW}
    FROM recommendations r WHERE ${where}
    ON CONFLICT (state, recommendation_id) DO UPDATE SET ${KEPT.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE (${KEPT.join(', ')}) IS NOT (${KEPT.map((c) => `excluded.${c}`).join(', ')})
  `;
}

/** What the standing reads of an event: its kind, and the recommendation it is about. */
interface Counted {
  type: string;
  data: { recommendationId: string };
}

/** The events that change nothing a status counts: the standing is not written again for them. */
const UNCOUNTED = new Set([
  'RecommendationTextChanged',
  'RecommendationTextTranslated',
  'RecommendationReclassified',
  'RecommendingStatesAdded',
  'ResponsibilityAssigned',
  'ResponsibilityWithdrawn',
]);

/**
 * Keeps `recommendation_standing`: each recommendation as its State's status counts it once all its dates have
 * passed, and the latest of those dates (its horizon), written again from its row after every event that changed
 * it (called once the event's rows are written). A State's status on a day on or after its horizon is then counted
 * from these rows alone (StateQueries).
 */
export function bindStanding(db: Database): (event: Counted) => void {
  const refresh = db.prepare(standingFrom('r.id = :id'));
  return (event) => {
    if (!UNCOUNTED.has(event.type)) refresh.run({ id: event.data.recommendationId, asOf: PAST_EVERY_DATE });
  };
}

/**
 * Writes the standing of many recommendations again, in one statement: those a page of a rebuild changed, once each,
 * as they stand after the page (called once its rows are written).
 */
export function bindStandings(db: Database): (events: readonly Counted[]) => void {
  const refresh = db.prepare(standingFrom('r.id IN (SELECT value FROM json_each(:ids))'));
  return (events) => {
    const changed = new Set(events.filter(({ type }) => !UNCOUNTED.has(type)).map(({ data }) => data.recommendationId));
    if (changed.size > 0) refresh.run({ ids: JSON.stringify([...changed]), asOf: PAST_EVERY_DATE });
  };
}
