/**
 * A State's status on an effective day (`asOf`), as the log stands now or as it stood before an instant
 * (`recordedBefore`): the read HTTP and the CLI both serve. Either is one query over the read models.
 */
import type { ReadModels, StateStatus } from '../../../projections/index.js';

/** An instant given as an ISO date (midnight UTC) or date-time, as milliseconds; undefined when not one. */
export function instantOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/** The State's status on `asOf`, from every event recorded, or from those recorded before `recordedBefore`. */
export function stateStatus(readModels: ReadModels, state: string, asOf: string, recordedBefore?: string): StateStatus {
  if (recordedBefore === undefined) return readModels.stateStatus(state, asOf);
  const cutoff = instantOf(recordedBefore);
  if (cutoff === undefined) throw new RangeError(`recordedBefore must be an ISO date or date-time: ${recordedBefore}`);
  return readModels.stateStatus(state, asOf, cutoff);
}

/**
 * The position a State's status answers: from every event, the last that concerns it (its status is the same at
 * every later position); or the last event recorded before `recordedBefore`.
 */
export function statusPosition(readModels: ReadModels, state: string, recordedBefore?: string): string {
  const cutoff = recordedBefore === undefined ? undefined : instantOf(recordedBefore);
  return cutoff === undefined
    ? readModels.changes.stateStatus(state)
    : readModels.position.positionRecordedBefore(cutoff);
}

/** Events are recorded with the writer's clock: an instant this far past is taken as closed to new events. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * Whether a status can no longer change: a named day, as known before an instant already past (by a margin for the
 * clocks). Only an upgrade of the service's rules could answer it otherwise.
 */
export function settled(query: { asOf?: string | undefined; recordedBefore?: string | undefined }): boolean {
  if (query.asOf === undefined || query.recordedBefore === undefined) return false;
  const cutoff = instantOf(query.recordedBefore);
  return cutoff !== undefined && cutoff <= Date.now() - CLOCK_MARGIN_MS;
}

/** The State's status on `asOf` as the log stood just before `recordedBefore` (an ISO date or date-time). */
export async function stateStatusRecordedBefore(
  service: { readModels: ReadModels },
  state: string,
  asOf: string,
  recordedBefore: string,
): Promise<StateStatus> {
  return stateStatus(service.readModels, state, asOf, recordedBefore);
}
