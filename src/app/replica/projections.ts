/** The read models a replica keeps, as the runner feeds them from the shared log. */
import { idempotencyProjection } from '../../../projections/idempotency.js';
import type { Projection } from '../../../projections/index.js';
import { IdempotencyKeyTaken } from '../../eventstore/port.js';

/** The categories of our streams: the runner's subscription is filtered to them. */
export const SERVICE_CATEGORIES = [
  'report',
  'recommendation',
  'token',
  'subscription',
  'notice',
  'institution',
  'cluster',
  'action',
  'indicator',
  'visit',
  'communication',
] as const;

/**
 * On a shared log, a second append under an answered key can only come from two replicas racing; it is already in
 * the log, so the first answer stands and the replica goes on (the embedded store refuses it inside the append).
 */
export function firstAnswerWins(projection: Projection): Projection {
  return {
    ...projection,
    bind(db) {
      const apply = projection.bind(db);
      return (event) => {
        try {
          apply(event);
        } catch (error) {
          if (!(error instanceof IdempotencyKeyTaken)) throw error;
        }
      };
    },
  };
}

/** The service's read models, with the idempotency record tolerant of a race the shared log already holds. */
export function replicaProjections(service: readonly Projection[]): Projection[] {
  return service.map((projection) => (projection === idempotencyProjection ? firstAnswerWins(projection) : projection));
}
