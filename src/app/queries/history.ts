import { recommendationStream } from '../../domain/identity.js';
import { recommendationDecider } from '../../domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
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
  /** When paged: the revision to ask `after` for the next page, null on the last. */
  next?: number | null;
  /** The stream's hash chain checked on these very events: whether it holds, else its first broken revision. */
  integrity: { verified: boolean; brokenAt?: number };
}

/** The audit trail of one recommendation, read from the log itself, never from a read model. */
export async function recommendationHistory(
  store: EventStore,
  id: string,
): Promise<{ history: RecommendationHistory; recorded: RecordedEvent[] } | undefined> {
  const recorded: RecordedEvent[] = [];
  const events: HistoryEntry[] = [];
  let state = recommendationDecider.initialState();
  for await (const event of store.readStream(recommendationStream(id))) {
    const decoded = decodeEvent<RecommendationEvent>(event);
    state = recommendationDecider.evolve(state, decoded);
    recorded.push(event);
    events.push({
      revision: event.revision,
      position: event.position,
      type: event.type,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor,
      data: decoded.data,
      status: state.exists ? state.status : 'no_information',
    });
  }
  if (events.length === 0) return undefined;
  const check = verifyStream(recorded);
  const integrity = check.ok ? { verified: true } : { verified: false, brokenAt: check.revision };
  return { history: { id, events, integrity }, recorded };
}

/** A page of the audit trail: the events after a revision, at most `limit`; the chain still checked whole. */
export function historyPage(history: RecommendationHistory, after: number, limit: number): RecommendationHistory {
  const rest = history.events.filter((event) => event.revision > after);
  const events = rest.slice(0, limit);
  return { ...history, events, next: rest.length > limit ? (events.at(-1)?.revision ?? null) : null };
}
