/**
 * Builds the tree of a log that had events before the tree existed, reading them through the store port, page by
 * page, each page in one transaction; appends meanwhile join the tree once it has caught up with them.
 */
import type { Database } from 'better-sqlite3';
import type { LogTree } from '../../eventstore/checkpoints/log-tree.js';
import type { EventFilter, EventStore, RecordedEvent } from '../../eventstore/port.js';

export interface TreeBuildOptions {
  store: Pick<EventStore, 'readAll'>;
  db: Database;
  tree: LogTree;
  filter?: EventFilter;
  pageSize?: number;
  /** Leaves in the tree so far, after each page. */
  progress?: (leaves: number) => void;
}

const after = (a: string, b: string) => BigInt(a) > BigInt(b);

/** Resolves once the tree holds every event of the log; at once when it is not being built. */
export async function buildLogTree(options: TreeBuildOptions): Promise<void> {
  const { store, db, tree } = options;
  const limit = options.pageSize ?? 2000;
  const applyPage = db.transaction((events: readonly RecordedEvent[]) => {
    for (const event of events) if (after(event.position, tree.position())) tree.append(event);
  });
  while (tree.building()) {
    const from = tree.position();
    const page: RecordedEvent[] = [];
    for await (const event of store.readAll({
      ...(from === '0' ? {} : { after: from }),
      limit,
      ...(options.filter ? { filter: options.filter } : {}),
    })) {
      page.push(event);
    }
    if (page.length === 0) {
      db.transaction(() => tree.finishBuilding())();
      return;
    }
    applyPage(page);
    options.progress?.(tree.size());
  }
}
