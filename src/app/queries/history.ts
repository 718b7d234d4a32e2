import { z } from 'zod';
import { itemsWithin } from '../../../projections/page-bytes.js';
import { recommendationStream } from '../../domain/identity.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import {
  NO_TALLY,
  type StatusTally,
  type TallyFirsts,
  tallied,
  talliedStatus,
  tallyAfter,
} from '../../domain/recommendation/status.js';
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
 * The tally after revision `revision` of the stream, whose event is at log position `position`, when something
 * other than the stream can tell it (the read models, once they have applied that event); undefined: it cannot.
 */
export type KnownTally = (revision: number, position: string) => StatusTally | undefined;

/**
 * The tally from the read models: where the recommendation's status first became each thing (one index seek per
 * kind), provided they have applied the event at `position`; the facts at or before it are then all there and fixed.
 */
export function readModelTally(
  readModels: { currentPosition(): string; statusFirsts(id: string): TallyFirsts },
  id: string,
): KnownTally {
  return (revision, position) =>
    BigInt(readModels.currentPosition()) >= BigInt(position)
      ? tallyAfter(readModels.statusFirsts(id), revision)
      : undefined;
}

/**
 * The status after the events up to revision `after`, and that event itself (or the last before it, if it is gone),
 * folded from the stream: only where the read models cannot tell it (a replica behind the page, a revision past the
 * end, an event gone from the log). The events before the page are read once, one at a time; none is kept or hashed.
 */
async function foldBefore(
  store: Pick<EventStore, 'readStream'>,
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
 * from the store from the event it starts after, its count bounded (the whole stream when no page is asked). The
 * status at its start comes from `known` (the read models' first revisions of what the status is tallied from), so
 * a page costs its own events wherever it lies in the stream; without it, the events before are folded.
 */
export async function recommendationHistory(
  store: Pick<EventStore, 'readStream'>,
  id: string,
  page: HistoryPage = {},
  known?: KnownTally,
): Promise<RecommendationHistory | undefined> {
  const stream = recommendationStream(id);
  const after = page.after ?? -1;
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  // The event the page starts after, the page, and one more to know whether another follows.
  const from = Math.max(after, 0);
  const count = limit + 1 + (after >= 0 ? 1 : 0);
  let before: RecordedEvent | undefined;
  const recorded: RecordedEvent[] = [];
  const read = Number.isFinite(count) ? { fromRevision: from, limit: count } : { fromRevision: from };
  for await (const event of store.readStream(stream, read)) {
    if (event.revision <= after) before = event;
    else if (recorded.length <= limit) recorded.push(event);
  }
  let tally = after < 0 ? NO_TALLY : before ? known?.(after, before.position) : undefined;
  if (tally === undefined) ({ tally, before } = await foldBefore(store, stream, after));
  const events: HistoryEntry[] = [];
  for (const event of recorded.slice(0, limit)) {
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
