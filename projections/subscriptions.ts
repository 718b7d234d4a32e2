import type { Database } from 'better-sqlite3';
import { type Projection, projection } from './projection.js';

/** A webhook subscription as the service keeps it; its secret is read only by the delivery, never served. */
export interface SubscriptionRecord {
  id: string;
  url: string;
  states: string[];
  mechanisms: string[];
  notices: string[];
  description: string | null;
  createdBy: { tokenId: string; name: string; role: string };
  createdAt: string;
  /** The log position of its creation: notices are delivered from the events after it. */
  position: string;
  revision: number;
  deletedAt: string | null;
}

/** Webhook subscriptions, made and ended by events; what the delivery and the subscriptions routes read. */
export const subscriptionsProjection: Projection = projection({
  name: 'subscriptions',
  handles: ['WebhookSubscribed', 'WebhookUnsubscribed'],
  byStream: true,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS webhook_subscriptions (
      id TEXT PRIMARY KEY,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      states TEXT NOT NULL,
      mechanisms TEXT NOT NULL,
      notices TEXT NOT NULL,
      description TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      position TEXT NOT NULL,
      revision INTEGER NOT NULL,
      deleted_at TEXT
    )`);
  },
  bind(db) {
    const insert = db.prepare(
      `INSERT INTO webhook_subscriptions
         (id, url, secret, states, mechanisms, notices, description, created_by, created_at, position, revision)
       VALUES (@id, @url, @secret, @states, @mechanisms, @notices, @description, @createdBy, @createdAt, @position, @revision)`,
    );
    const remove = db.prepare(
      'UPDATE webhook_subscriptions SET deleted_at = ?, revision = ? WHERE id = ? AND deleted_at IS NULL',
    );
    return (event) => {
      if (event.type === 'WebhookSubscribed') {
        const { data, metadata } = event;
        insert.run({
          id: data.subscriptionId,
          url: data.url,
          secret: data.secret,
          states: JSON.stringify(data.states),
          mechanisms: JSON.stringify(data.mechanisms),
          notices: JSON.stringify(data.notices),
          description: data.description ?? null,
          createdBy: JSON.stringify(metadata.actor),
          createdAt: metadata.recordedAt,
          position: event.position,
          revision: event.revision,
        });
      } else {
        remove.run(event.metadata.recordedAt, event.revision, event.data.subscriptionId);
      }
    };
  },
});

interface Row {
  id: string;
  url: string;
  secret: string;
  states: string;
  mechanisms: string;
  notices: string;
  description: string | null;
  created_by: string;
  created_at: string;
  position: string;
  revision: number;
  deleted_at: string | null;
}

const toRecord = (row: Row): SubscriptionRecord => ({
  id: row.id,
  url: row.url,
  states: JSON.parse(row.states) as string[],
  mechanisms: JSON.parse(row.mechanisms) as string[],
  notices: JSON.parse(row.notices) as string[],
  description: row.description,
  createdBy: JSON.parse(row.created_by) as SubscriptionRecord['createdBy'],
  createdAt: row.created_at,
  position: row.position,
  revision: row.revision,
  deletedAt: row.deleted_at,
});

/** The subscriptions, and each one's secret for signing. */
export function subscriptionQueries(db: Database) {
  const one = db.prepare<[string], Row>('SELECT * FROM webhook_subscriptions WHERE id = ?');
  const all = db.prepare<[], Row>('SELECT * FROM webhook_subscriptions ORDER BY created_at, id');
  const live = db.prepare<[], Row>('SELECT * FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY id');
  return {
    get: (id: string): SubscriptionRecord | undefined => {
      const row = one.get(id);
      return row ? toRecord(row) : undefined;
    },
    list: (): SubscriptionRecord[] => all.all().map(toRecord),
    /** The subscriptions not deleted, with their secrets: what the delivery works through. */
    active: (): (SubscriptionRecord & { secret: string })[] =>
      live.all().map((row) => ({ ...toRecord(row), secret: row.secret })),
  };
}
export type SubscriptionQueries = ReturnType<typeof subscriptionQueries>;
