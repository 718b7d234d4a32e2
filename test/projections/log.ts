import Database from 'better-sqlite3';
import { bindAll, migrateAll, ReadModels } from '../../projections/index.js';
import { recommendationId, recommendationStream } from '../../src/domain/identity.js';
import type { RecordedEvent } from '../../src/eventstore/port.js';

/** A recorded event as a store would hand it to the projections; hashes are dummies. */
export function recorded(
  stream: string,
  revision: number,
  position: number | string,
  type: string,
  data: unknown,
  recordedAt = '2024-01-01T00:00:00.000Z',
): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    stream,
    revision,
    position: String(position),
    type,
    data,
    metadata: {
      actor: { tokenId: 'test', name: 'test', role: 'admin' },
      correlationId: 'test',
      causationId: 'test',
      recordedAt,
      schemaVersion: 1,
      hash: 'hash',
      previousHash: revision === 0 ? null : 'previous',
    },
  };
}

/** An in-memory read model fed through bindAll, each event in its own transaction, like the inline runner. */
export class Log {
  readonly db = new Database(':memory:');
  readonly models: ReadModels;
  readonly events: RecordedEvent[] = [];
  private readonly apply: (event: RecordedEvent) => void;
  private readonly revisions = new Map<string, number>();

  constructor() {
    migrateAll(this.db);
    this.apply = bindAll(this.db);
    this.models = new ReadModels(this.db);
  }

  /** Appends one event to a stream (`report-<id>`, `recommendation-<id>`) and applies it. */
  append(stream: string, type: string, data: unknown, recordedAt?: string): RecordedEvent {
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.revisions.set(stream, revision);
    const event = recorded(stream, revision, this.events.length + 1, type, data, recordedAt);
    this.events.push(event);
    this.db.transaction(() => this.apply(event))();
    return event;
  }

  /** Applies an event again, as an at-least-once delivery would. */
  redeliver(event: RecordedEvent): void {
    this.db.transaction(() => this.apply(event))();
  }
}

/** A CAT recommendation to Armenia (CAT/C/ARM/CO/1, 2020) with a text and nothing else, issued in `log`; its id. */
export function issueToArmenia(log: Log, paragraph: string, text: string): string {
  const id = recommendationId('CAT/C/ARM/CO/1', paragraph);
  log.append(recommendationStream(id), 'RecommendationIssued', {
    recommendationId: id,
    state: 'ARM',
    mechanism: 'CAT',
    symbol: 'CAT/C/ARM/CO/1',
    paragraph,
    text,
    issuedOn: '2020-01-01',
    themes: [],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: [],
  });
  return id;
}
