import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { idempotencyProjection, idempotencyRecords } from '../../projections/idempotency.js';
import { allProjections, bindAll, migrateAll, ReadModels } from '../../projections/index.js';
import { tokenQueries, tokensProjection } from '../../projections/tokens.js';
import type { EventStore } from '../eventstore/port.js';
import { openDatabase } from '../eventstore/sqlite/database.js';
import { SqliteEventStore } from '../eventstore/sqlite/store.js';
import { CommandHandler } from './command-handler.js';
import { type RecommendationHistory, recommendationHistory } from './history.js';
import { RecommendationCommands } from './recommendations.js';
import { ReportCommands } from './reports.js';
import { Tokens } from './tokens.js';

export interface FollowupOptions {
  /** The folder holding the embedded store; `:memory:` for a store that lives only in this process. */
  dataDir: string;
  /** The configured bootstrap admin token, if any. */
  adminToken?: string | undefined;
}

/** Every read model the service keeps, in the order they are applied. */
export const serviceProjections = [...allProjections, tokensProjection, idempotencyProjection];

/** The service without its transport: commands, queries and the log, over one store. */
export class Followup {
  readonly reports: ReportCommands;
  readonly recommendations: RecommendationCommands;
  readonly tokens: Tokens;
  readonly readModels: ReadModels;

  private constructor(
    readonly store: EventStore,
    readonly db: Database,
    adminToken: string | undefined,
  ) {
    const handler = new CommandHandler(store);
    const idempotency = idempotencyRecords(db);
    this.readModels = new ReadModels(db);
    this.reports = new ReportCommands(handler, idempotency);
    this.recommendations = new RecommendationCommands(handler, idempotency);
    this.tokens = new Tokens(handler, tokenQueries(db), idempotency, adminToken);
  }

  /** Opens (creating when new) the embedded store with its read models, which commit with the events. */
  static open(options: FollowupOptions): Followup {
    const file = options.dataDir === ':memory:' ? ':memory:' : databaseFile(options.dataDir);
    const db = openDatabase(file);
    migrateAll(db, serviceProjections);
    const store = new SqliteEventStore(db, { inline: [bindAll(db, serviceProjections)] });
    return new Followup(store, db, options.adminToken);
  }

  history(id: string): Promise<RecommendationHistory | undefined> {
    return recommendationHistory(this.store, id).then((found) => found?.history);
  }

  async ready(): Promise<boolean> {
    return this.store.ping();
  }

  async close(): Promise<void> {
    await this.store.close();
    if (this.db.open) this.db.close();
  }
}

function databaseFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  return join(dataDir, 'followup.db');
}
