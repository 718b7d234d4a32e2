import type { Database } from 'better-sqlite3';
import { idempotencyRecords } from '../../projections/idempotency.js';
import { bindInline, migrateAll, ReadModels, type SearchBounds, serviceProjections } from '../../projections/index.js';
import { tokenQueries } from '../../projections/tokens.js';
import { LogTree } from '../eventstore/checkpoints/log-tree.js';
import type { SigningKey } from '../eventstore/checkpoints/signing-key.js';
import type { EsdbEventStoreOptions } from '../eventstore/esdb/index.js';
import type { EventFilter, EventStore } from '../eventstore/port.js';
import { SharedFeed } from '../eventstore/shared-feed.js';
import { SqliteEventStore } from '../eventstore/sqlite/store.js';
import type { StoreLog } from '../eventstore/sqlite/wal-checkpoints.js';
import { Checkpoints } from './checkpoints/checkpoints.js';
import { logTreeProjection } from './checkpoints/log-tree-projection.js';
import { ActionCommands } from './commands/actions.js';
import { ClusterCommands } from './commands/clusters.js';
import { CommandHandler } from './commands/command-handler.js';
import { IndicatorCommands } from './commands/indicators.js';
import { InstitutionCommands } from './commands/institutions.js';
import { PlannedStreams } from './commands/planned.js';
import { RecommendationCommands } from './commands/recommendations.js';
import { ReportCommands } from './commands/reports.js';
import { CommunicationCommands, VisitCommands } from './commands/special-procedures.js';
import { Tokens } from './commands/tokens.js';
import {
  type DataDirectoryProblem,
  fileInDataDirectory,
  openInDataDirectory,
  preparing,
  unwritable,
} from './data-directory.js';
import { type CommandCall, forwarding } from './forwarded-commands.js';
import { migrateDeliveryLog } from './notifications/delivery-log.js';
import { type NotificationOptions, Notifications } from './notifications/notifications.js';
import {
  type HistoryPage,
  type RecommendationHistory,
  readModelTally,
  recommendationHistory,
} from './queries/history.js';
import { rebuildInPlace } from './rebuild/rebuild.js';
import type { ProjectionRunner } from './replica/projection-runner.js';
import { openReplica, SERVICE_FILTER } from './replica/replica.js';
import { type DraftRequest, draftProgressReport, type ReportDraft } from './report-draft/draft.js';

export interface FollowupOptions {
  /** The folder holding the embedded store; `:memory:` for a store that lives only in this process. */
  dataDir: string;
  /** The configured bootstrap admin token, if any. */
  adminToken?: string | undefined;
  /** The key that signs checkpoints of the log; none: no checkpoints are signed. */
  signingKey?: SigningKey | undefined;
  /** Webhook notifications: allowed hosts, clock, intervals (src/app/notifications). Delivery runs once started. */
  notifications?: NotificationOptions | undefined;
  /** The bounds of one search's work; unset: the service's defaults (SEARCH_BOUNDS). */
  searchBounds?: Partial<SearchBounds> | undefined;
  /** Told what the embedded store recovers from by itself (a WAL checkpoint worker that failed). */
  log?: StoreLog | undefined;
}

export interface RemoteFollowupOptions extends FollowupOptions {
  /** The shared log's connection string (`esdb://host:2113?tls=false`, `postgres://user@host/db`). */
  connectionString: string;
  /** Told when the subscription drops or an event cannot be applied; the replica retries on its own. */
  onError?: (error: unknown) => void;
}

export interface ReplicaFollowupOptions extends FollowupOptions {
  /** The shared log this replica reads and writes. */
  store: EventStore;
  lastPosition?: (filter: EventFilter) => Promise<string>;
  onError?: (error: unknown) => void;
  /** Close the store with the replica. Default true. */
  ownsStore?: boolean;
}

/** The service without its transport: commands, queries and the log, over one store. */
export class Followup {
  readonly reports: ReportCommands;
  readonly recommendations: RecommendationCommands;
  readonly tokens: Tokens;
  /** National planning: institutions, clusters, actions, indicators (responsibilities are on recommendations). */
  readonly institutions: InstitutionCommands;
  readonly clusters: ClusterCommands;
  readonly actions: ActionCommands;
  readonly indicators: IndicatorCommands;
  /** Special procedures: country visits and their reports, communications and the States' replies. */
  readonly visits: VisitCommands;
  readonly communications: CommunicationCommands;
  readonly readModels: ReadModels;
  /** Signed checkpoints of the log, and proofs of inclusion and consistency. */
  readonly checkpoints: Checkpoints;
  /** The live log for every follower of this process, read once per commit (the event stream's source). */
  readonly feed: SharedFeed;
  /** Webhook subscriptions, and the scheduler and delivery of notices (started by the process that writes). */
  readonly notifications: Notifications;
  private readonly dataDir: string;

  private constructor(
    readonly store: EventStore,
    readonly db: Database,
    options: FollowupOptions,
    /** Set on a replica of a shared log: its runner, and the store its command handler loads through. */
    private readonly replica?: { runner: ProjectionRunner; commandStore: EventStore; ownsStore: boolean },
    /** Set when another thread owns the write connection: every command runs there (src/app/forwarded-commands.ts). */
    forward?: CommandCall,
  ) {
    this.dataDir = options.dataDir;
    this.feed = new SharedFeed(store);
    const handler = new CommandHandler(replica?.commandStore ?? store);
    const idempotency = idempotencyRecords(db);
    this.readModels = new ReadModels(db, options.searchBounds);
    const forwarded = <T extends object>(local: T, group: string): T =>
      forward ? forwarding(local, group, forward) : local;
    this.reports = forwarded(new ReportCommands(handler, idempotency), 'reports');
    this.recommendations = forwarded(new RecommendationCommands(handler, idempotency), 'recommendations');
    const planned = new PlannedStreams(handler, idempotency);
    this.institutions = forwarded(new InstitutionCommands(planned), 'institutions');
    this.clusters = forwarded(new ClusterCommands(planned), 'clusters');
    this.actions = forwarded(new ActionCommands(planned), 'actions');
    this.indicators = forwarded(new IndicatorCommands(planned), 'indicators');
    this.visits = forwarded(new VisitCommands(planned), 'visits');
    this.communications = forwarded(new CommunicationCommands(planned), 'communications');
    this.tokens = forwarded(new Tokens(handler, tokenQueries(db), idempotency, options.adminToken), 'tokens');
    const notifications = new Notifications(store, db, handler, idempotency, options.notifications);
    this.notifications = forward
      ? forwarding(notifications, 'notifications', forward, {
          subscriptions: forwarded(notifications.subscriptions, 'subscriptions'),
        })
      : notifications;
    this.checkpoints = new Checkpoints({
      db,
      tree: new LogTree(db),
      store,
      ...(replica ? { filter: SERVICE_FILTER } : {}),
      appliedPosition: () => this.readModels.currentPosition(),
      key: options.signingKey,
    });
  }

  /** Opens (creating when new) the embedded store with its read models, which commit with the events. */
  static open(options: FollowupOptions): Followup {
    const file = options.dataDir === ':memory:' ? ':memory:' : fileInDataDirectory(options.dataDir, 'followup.db');
    const db = openInDataDirectory(options.dataDir, file);
    preparing(db, options.dataDir, () => {
      const stale = migrateAll(db, serviceProjections);
      if (stale.length > 0) rebuildInPlace(db, stale);
      // The log's own index, not a read model: no version, never rebuilt with them.
      logTreeProjection.migrate(db);
      // What was sent to webhook receivers: not read models either, never rebuilt.
      migrateDeliveryLog(db);
    });
    // Once per transaction, the tree first: it takes the events only while the read models have not moved past the
    // event before them; then the position moves to the last.
    const { apply, settle } = bindInline(db, serviceProjections);
    const store = new SqliteEventStore(db, {
      inline: [apply],
      beforeCommit: [logTreeProjection.bindBatch(db), settle],
      log: options.log,
    });
    return new Followup(store, db, options);
  }

  /**
   * A reader of an embedded store another process writes and has migrated: the same read models and log, read from
   * this process's own connection (WAL lets it read beside the writer, and each read sees every commit before it).
   * It never appends: its commands are the writer's, passed to `forward` when the writer is a thread of this process.
   */
  static openReader(options: FollowupOptions, forward?: CommandCall): Followup {
    const db = openInDataDirectory(options.dataDir, fileInDataDirectory(options.dataDir, 'followup.db'));
    return new Followup(new SqliteEventStore(db), db, options, undefined, forward);
  }

  /** A replica on EventStoreDB/KurrentDB: read models in `dataDir`, fed by a subscription; `/ready` once caught up. */
  static async openRemote(options: RemoteFollowupOptions): Promise<Followup> {
    // Loaded here only: the gRPC client costs start-up time that serving on SQLite never needs.
    const { EsdbEventStore } = await import('../eventstore/esdb/index.js');
    const storeOptions: EsdbEventStoreOptions = options.onError ? { onSubscriptionDrop: options.onError } : {};
    const store = EsdbEventStore.connect(options.connectionString, storeOptions);
    return Followup.openReplica({
      ...options,
      store,
      lastPosition: (filter) => store.lastPosition(filter),
    });
  }

  /** A replica on PostgreSQL: the log in the database, read models in `dataDir`, fed by a subscription. */
  static async openPostgres(options: RemoteFollowupOptions): Promise<Followup> {
    // Loaded here only: serving on SQLite never needs the driver.
    const { PostgresEventStore } = await import('../eventstore/postgres/index.js');
    const store = await PostgresEventStore.connect(
      options.connectionString,
      options.onError ? { onListenError: options.onError } : {},
    );
    return Followup.openReplica({
      ...options,
      store,
      lastPosition: (filter) => store.lastPosition(filter),
    });
  }

  /** A replica on any shared log (EventStoreDB or PostgreSQL in service; another store in tests). */
  static openReplica(options: ReplicaFollowupOptions): Followup {
    const replica = openReplica({
      store: options.store,
      dataDir: options.dataDir,
      // The tree first: it takes the event only while the read models have not moved past the event before it.
      projections: [logTreeProjection, ...serviceProjections],
      ...(options.lastPosition ? { lastPosition: options.lastPosition } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    migrateDeliveryLog(replica.db);
    return new Followup(options.store, replica.db, options, {
      ...replica,
      ownsStore: options.ownsStore ?? true,
    });
  }

  /** The runner feeding a replica's read models; undefined on the embedded store, whose projections run inline. */
  get runner(): ProjectionRunner | undefined {
    return this.replica?.runner;
  }

  /** Whether the read models reach `position` within `timeoutMs`; the embedded store's are always current, so never waits. */
  async reached(position: string, timeoutMs: number): Promise<boolean> {
    if (this.replica) return this.replica.runner.waitFor(position, timeoutMs);
    return BigInt(this.readModels.currentPosition()) >= BigInt(position);
  }

  /** The audit trail of a recommendation; a page of it (events after a revision, at most `limit`) when asked. */
  history(id: string, page?: HistoryPage): Promise<RecommendationHistory | undefined> {
    return recommendationHistory(this.store, id, page, readModelTally(this.readModels, id));
  }

  /** A State's progress report drafted from the log and the plan, every statement citing its event. */
  draftProgressReport(request: DraftRequest): Promise<ReportDraft> {
    return draftProgressReport(this.readModels, this.store, request);
  }

  /** Why the local database (the log and read models, or a replica's read models) cannot be written, or undefined. */
  unwritable(): DataDirectoryProblem | undefined {
    return unwritable(this.db, this.dataDir);
  }

  /** Undefined when ready to serve reads and writes; otherwise why not, in words fit for anyone to read. */
  async notReady(): Promise<string | undefined> {
    if (this.replica && !this.replica.runner.ready()) return 'the read models are catching up with the log';
    if (!(await this.store.ping())) return 'the event store is not reachable';
    if (this.unwritable()) return 'the store cannot be written: commands answer 503 until it can';
    return undefined;
  }

  async close(): Promise<void> {
    await this.notifications.stop();
    this.checkpoints.stopSigning();
    await this.feed.close();
    await this.replica?.runner.stop();
    if (this.replica?.ownsStore !== false) await this.store.close();
    if (this.db.open) this.db.close();
  }
}
