/**
 * The log's Merkle tree, fed like a read model: a leaf per event, in the transaction that applies the event (on the
 * embedded store, the events of a transaction at once, before the position moves), but only while the tree is in
 * step with the read models (its last leaf is the event they applied last). A tree behind them
 * takes no leaf: new on a log that already had events, it is built from the log (tree-build.ts); otherwise events
 * reached the read models without it, which happens only when the database is written behind the service's back,
 * and no such event becomes a leaf unnoticed. Run it before the position read model, which moves to the event.
 */
import type { Database } from 'better-sqlite3';
import { EVERY_EVENT, PositionQueries, type Projection } from '../../../projections/index.js';
import { LogTree, migrateLogTree } from '../../eventstore/checkpoints/log-tree.js';

/** The position the read models applied last, "0" before any (or before their tables exist). */
function appliedPosition(db: Database): string {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_position'").get();
  return exists ? new PositionQueries(db).currentPosition() : '0';
}

export const logTreeProjection: Projection & Required<Pick<Projection, 'bindBatch'>> = {
  name: 'log-tree',
  handles: [EVERY_EVENT],
  migrate(db) {
    const created = migrateLogTree(db);
    // Events came before the tree (an older database): they are read from the log to build it.
    if (created && appliedPosition(db) !== '0') new LogTree(db).startBuilding();
  },
  bind(db) {
    const tree = new LogTree(db);
    const applied = new PositionQueries(db);
    return (event) => {
      tree.append(event, { after: applied.currentPosition() });
    };
  },
  // The embedded store's path: a transaction's events at once, before the position read model moves past them.
  bindBatch(db) {
    const tree = new LogTree(db);
    const applied = new PositionQueries(db);
    return (events) => {
      if (events.length > 0) tree.appendAll(events, { after: applied.currentPosition() });
    };
  },
};
