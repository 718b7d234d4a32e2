import { z } from 'zod';
import { itemsWithin } from '../../../projections/page-bytes.js';
import { recommendationStream } from '../../domain/identity.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import { NO_TALLY, type StatusTally, tallied, talliedStatus } from '../../domain/recommendation/status.js';
import { decodeEvent } from '../../domain/upcasting.js';
import { ImplementationStatus } from '../../domain/vocabulary.js';
import { verifyStream } from '../../eventstore/integrity.js';
import type { EventStore, RecordedEvent } from '../../eventstore/port.js';

/** One event of the audit trail, with the implementation status right after it. */
export const HistoryEntry = z.object({
  revision: z.number().int(),
  position: z.string(),
  type: z.string(),
  recordedAt: z.string(),
  actor: z.object({ tokenId: z.string(), name: z.string(), role: z.string() }),
  data: z.record(z.string(), z.unknown()).describe("the event's data, upcast to its current schema version"),
  status: ImplementationStatus.describe('the implementation status right after this event'),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A page of the audit trail of one recommendation (`GET /v1/recommendations/{id}/history`). */
export const RecommendationHistory = z.object({
  id: z.string(),
  events: z.array(HistoryEntry),
  /**
   * Each event's own hash is recomputed, each link to the event before it checked, the first event's link included;
   * what comes before that is checked by the pages before (and the whole log by `followup verify`).
   */
  integrity: z
    .object({ verified: z.boolean(), brokenAt: z.number().int().optional() })
    .describe(
      'the hash chain of these events and its link to the event before them, checked when answering; brokenAt: the first broken revision',
    ),
  next: z
    .number()
    .int()
    .nullable()
    .describe('the revision to ask ?after= for the next page (at most ?limit= events, default 500); null on the last'),
});
export type RecommendationHistory = z.infer<typeof RecommendationHistory>;

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
