/** Read models compared as table dumps: the live ones against a rebuild from the log, done here, in the test. */
import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { bindAll, migrateAll, readModelTables, serviceProjections } from '../../projections/index.js';
import type { EventStore } from '../../src/eventstore/port.js';

/**
 * Every read-model table, each as its rows in a stable order, as JSON text. The log itself and what is kept beside
 * it (the log's Merkle tree, signed checkpoints) are left out: a rebuild from the log does not make them.
 */
export function dumpReadModels(db: Database): Record<string, string[]> {
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const tables = readModelTables(serviceProjections).filter((table) => present.has(table));
  const dump: Record<string, string[]> = {};
  for (const table of tables) {
    // Rows sorted as text: the same rows give the same dump whatever order they were written in.
    const rows = db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][];
    dump[table] = rows.map((row) => JSON.stringify(row, bigintAsText)).sort();
  }
  return dump;
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/** A fresh in-memory database with every read model, fed the whole log one event per transaction. */
export async function rebuildReadModels(store: Pick<EventStore, 'readAll'>): Promise<Database> {
  const db = new Sqlite(':memory:');
  migrateAll(db, serviceProjections);
  const apply = bindAll(db, serviceProjections);
  const applyOne = db.transaction(apply);
  for await (const event of store.readAll()) applyOne(event);
  return db;
}

/** The live read models' dump and the rebuilt ones' dump, for one strict comparison. */
export async function liveAndRebuilt(
  db: Database,
  store: Pick<EventStore, 'readAll'>,
): Promise<{ live: Record<string, string[]>; rebuilt: Record<string, string[]>; rows: number }> {
  const live = dumpReadModels(db);
  const fresh = await rebuildReadModels(store);
  try {
    const rebuilt = dumpReadModels(fresh);
    const rows = Object.values(live).reduce((sum, rows) => sum + rows.length, 0);
    return { live, rebuilt, rows };
  } finally {
    fresh.close();
  }
}

/** A small seeded generator (mulberry32), so a failing random run can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a random test: FOLLOWUP_SEED when given (to replay a failure), else a fixed one. */
export function seedFrom(fallback: number): number {
  const given = Number(process.env.FOLLOWUP_SEED);
  return Number.isInteger(given) && process.env.FOLLOWUP_SEED ? given : fallback;
}

/** Longer runs for `npm run test:soak`. */
export const SOAK = process.env.FOLLOWUP_SOAK === '1';
