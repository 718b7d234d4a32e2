import type { Database } from 'better-sqlite3';
import type { DomainEvent } from '../src/domain/events.js';
import type { SubscriptionEvent } from '../src/domain/subscription/subscription.js';
import type { TokenEvent } from '../src/domain/token/token.js';
import { upcastRecorded } from '../src/domain/upcasting.js';
import type { RecordedEvent } from '../src/eventstore/port.js';

/** Every event a read model can name, by type. */
export type KnownEvent = DomainEvent | TokenEvent | SubscriptionEvent;
export type KnownEventType = KnownEvent['type'];

/**
 * A recorded event of these types as a read model receives it: upcast to the current shape of its type, its data
 * typed by its type. It is not validated again on read: a decider made it, and the hash chain (`followup verify`)
 * finds any stored event altered since.
 */
export type Projected<Type extends KnownEventType = KnownEventType> = Omit<RecordedEvent, 'type' | 'data'> &
  Extract<KnownEvent, { type: Type }>;

/**
 * A read model: its tables, the event types it handles, and how it applies one event.
 * The runner calls `apply` inside the transaction that stores the event (embedded store)
 * or that advances the checkpoint (remote store), so a read model is never ahead of or behind the log.
 */
export interface Projection {
  readonly name: string;
  readonly handles: readonly string[];
  /**
   * Its rows each come from the events of one stream: a rebuild may split the log between workers by stream and
   * merge their tables. False (the default) for a read model that combines streams (reports count recommendations).
   */
  readonly byStream?: boolean;
  /**
   * For a read model handling every type ('*'): an SQL condition on the `events` table selecting the events it can
   * use, so that a rebuild reads only those. Read models naming their types are filtered by type.
   */
  readonly eventsUsed?: string;
  /**
   * The version of what its tables hold, 1 when absent: raised when the same events must fill them differently (a
   * new table or column). Tables an older version filled are rebuilt from the log before they are read.
   */
  readonly version?: number;
  /** Creates its tables and indexes if missing; idempotent. */
  migrate(db: Database): void;
  /**
   * For a read model with a derived index its tables' triggers keep (a full-text index, a virtual table): makes it
   * again from the rows, with its triggers, after a rebuild replaced the tables whole. Its virtual tables are not
   * among the tables a rebuild copies.
   */
  reindex?(db: Database): void;
  /** Prepares statements once and returns the function applying one event. */
  bind(db: Database): (event: RecordedEvent) => void;
  /**
   * For a read model whose rows sum up many events (a position, the log's tree): the function applying the events a
   * transaction stores, at once and in log order, leaving its tables as `bind` applied to each in turn would. The
   * embedded store calls it once per transaction, after every append in it (`bindInline`); other paths use `bind`.
   */
  bindBatch?(db: Database): (events: readonly RecordedEvent[]) => void;
  /**
   * For a rebuild: the function applying a page of the log (events of every type, in log order) at once, leaving
   * its tables as `bind` applied to each event it handles in turn would. A rebuild calls it instead of `bind` when
   * present: rows summing up many events (a recommendation's standing) are then written once a page.
   */
  bindPage?(db: Database): (events: readonly RecordedEvent[]) => void;
}

/** A read model of the events of some types: it declares them, and receives only those, upcast and typed. */
export function projection<Type extends KnownEventType>(
  definition: Omit<Projection, 'handles' | 'bind' | 'bindPage'> & {
    readonly handles: readonly Type[];
    bind(db: Database): (event: Projected<Type>) => void;
    bindPage?(db: Database): (events: readonly Projected<Type>[]) => void;
  },
): Projection {
  const { bindPage, ...rest } = definition;
  const handled = new Set<string>(definition.handles);
  return {
    ...rest,
    bind(db) {
      const apply = definition.bind(db);
      // The runner hands each read model only the types it declares (bindAll), so the type names the data's shape.
      return (event) => apply(upcastRecorded(event) as unknown as Projected<Type>);
    },
    ...(bindPage && {
      bindPage(db: Database) {
        const applyPage = bindPage(db);
        // A page holds every type: the read model receives those it declares, upcast, as `bind` would.
        return (events: readonly RecordedEvent[]) =>
          applyPage(
            events.flatMap((event) =>
              handled.has(event.type) ? [upcastRecorded(event) as unknown as Projected<Type>] : [],
            ),
          );
      },
    }),
  };
}
