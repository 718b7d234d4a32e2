import { itemsWithin } from '../../../projections/page-bytes.js';
import { recommendationStream } from '../../domain/identity.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import { NO_TALLY, type StatusTally, tallied, talliedStatus } from '../../domain/recommendation/status.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { ImplementationStatus } from '../../domain/vocabulary.js';
import { verifyStream } from '../../eventstore/integrity.js';
import type { Actor, EventStore, RecordedEvent } from '../../eventstore/port.js';

export interface HistoryEntry {
  revision: number;
  position: string;
  type: string;
  recordedAt: string;
  actor: Actor;
  data: unknown;
  /** The implementation status right after this event. */
  status: ImplementationStatus;
}

export interface RecommendationHistory {
  id: string;
  events: HistoryEntry[];
  /** The revision to ask `after` for the next page, null on the last. */
  next: number | null;
  /**
   * The hash chain checked on these very events and the one before them: whether it holds, else its first broken
   * revision. Each event's own hash is recomputed, each link to the event before it checked, the first event's link
   * included; what comes before that is checked by the pages before (and the whole log by `followup verify`).
   */
  integrity: { verified: boolean; brokenAt?: number };
}

/** Which events: those after a revision (-1: from the first), at most `limit`, within `pageBytes` of JSON. */
export interface HistoryPage {
  after?: number;
  limit?: number;
  pageBytes?: number;
}

/**
 * The status after the events up to revision `after`, and that event itself (or the last before it, if it is gone):
 * the events before a page are read once, one at a time, keeping only what the status needs; none is kept or hashed.
 */
async function foldBefore(
  store: EventStore,
  stream: string,
  after: number,
): Promise<{ tally: StatusTally; before?: RecordedEvent }> {
  let tally = NO_TALLY;
  let before: RecordedEvent | undefined;
  if (after < 0) return { tally };
  for await (const event of store.readStream(stream, { limit: after + 1 })) {
    if (event.revision > after) break;
    tally = tallied(tally, decodeEvent<RecommendationEvent>(event));
    before = event;
  }
  return before ? { tally, before } : { tally };
}

/**
 * The audit trail of one recommendation, read from the log itself, never from a read model: a page of it, read
 * from the store after a revision with its count bounded (the whole stream when no page is asked).
 */
export async function recommendationHistory(
  store: EventStore,
  id: string,
  page: HistoryPage = {},
): Promise<RecommendationHistory | undefined> {
  const stream = recommendationStream(id);
  const after = page.after ?? -1;
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  let { tally, before } = await foldBefore(store, stream, after);
  const recorded: RecordedEvent[] = [];
  const events: HistoryEntry[] = [];
  // One more than the page, to know whether another follows.
  const read = Number.isFinite(limit) ? { fromRevision: after + 1, limit: limit + 1 } : { fromRevision: after + 1 };
  for await (const event of store.readStream(stream, read)) {
    recorded.push(event);
    if (events.length === limit) break;
    const decoded = decodeEvent<RecommendationEvent>(event);
    tally = tallied(tally, decoded);
    events.push({
      revision: event.revision,
      position: event.position,
      type: event.type,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor,
      data: decoded.data,
      status: tally.issued ? talliedStatus(tally) : 'no_information',
    });
  }
  if (before === undefined && recorded.length === 0) return undefined;
  const served = itemsWithin(events, page.pageBytes);
  const shown = events.slice(0, served);
  const check = verifyStream(before ? [before, ...recorded.slice(0, served)] : recorded.slice(0, served), {
    from: before?.revision ?? 0,
  });
  return {
    id,
    events: shown,
    next: recorded.length > served ? (shown.at(-1)?.revision ?? null) : null,
    integrity: check.ok ? { verified: true } : { verified: false, brokenAt: check.revision },
  };
}
