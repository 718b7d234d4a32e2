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

/**
 * Keeps `recommendation_standing`: each recommendation as its State's status counts it once all its dates have
 * passed, and the latest of those dates (its horizon), written again from its row after every event that changed
 * it. A State's status on a day on or after its horizon is then counted from these rows alone (StateQueries).
 */
export function bindStanding(db: Database): (recommendationId: string) => void {
  const refresh = db.prepare(standingFrom('r.id = :id'));
  return (id) => {
    refresh.run({ id, asOf: PAST_EVERY_DATE });
  };
}

/** Writes the standing of many recommendations again, in one statement: those a page of a rebuild changed. */
export function bindStandings(db: Database): (recommendationIds: Iterable<string>) => void {
  const refresh = db.prepare(standingFrom('r.id IN (SELECT value FROM json_each(:ids))'));
  return (ids) => {
    const list = [...ids];
    if (list.length > 0) refresh.run({ ids: JSON.stringify(list), asOf: PAST_EVERY_DATE });
  };
}

/** The events that change nothing a status counts: the standing is not written again for them. */
export const UNCOUNTED = new Set([
  'RecommendationTextChanged',
  'RecommendationTextTranslated',
  'RecommendationReclassified',
  'RecommendingStatesAdded',
  'ResponsibilityAssigned',
  'ResponsibilityWithdrawn',
]);
