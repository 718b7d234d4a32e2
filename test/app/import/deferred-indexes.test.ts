/** A first import builds the secondary indexes of empty tables at its end; a store with rows keeps its indexes. */
import Sqlite from 'better-sqlite3';
import t from 'tap';
import { deferIndexes } from '../../../src/app/import/deferred-indexes.js';

function database(): Sqlite.Database {
  const db = new Sqlite(':memory:');
  db.exec(`
    CREATE TABLE items (id TEXT PRIMARY KEY, state TEXT NOT NULL, code TEXT UNIQUE, cycle INTEGER);
    CREATE INDEX items_by_state ON items (state, id);
    CREATE INDEX items_by_cycle ON items (cycle) WHERE cycle IS NOT NULL;
  `);
  return db;
}

const indexes = (db: Sqlite.Database) =>
  db
    .prepare<[], { name: string; sql: string | null }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' ORDER BY name",
    )
    .all();

t.test('empty tables: their secondary indexes are dropped, and made again as they were', (t) => {
  const db = database();
  t.teardown(() => db.close());
  const before = indexes(db);
  const deferred = deferIndexes(db, ['items']);
  t.same(
    indexes(db).map((index) => index.name),
    ['sqlite_autoindex_items_1', 'sqlite_autoindex_items_2'],
    'the keys and UNIQUE constraints stay',
  );
  db.prepare("INSERT INTO items (id, state, code, cycle) VALUES ('a', 'KAZ', 'x', 4), ('b', 'FRA', 'y', NULL)").run();
  deferred.restore();
  deferred.restore();
  t.same(indexes(db), before, 'the same indexes, partial ones included');
  t.same(
    db.prepare("SELECT id FROM items INDEXED BY items_by_state WHERE state = 'KAZ'").pluck().all(),
    ['a'],
    'built from the rows written meanwhile',
  );
  t.end();
});

t.test('a table with rows keeps its indexes', (t) => {
  const db = database();
  t.teardown(() => db.close());
  db.prepare("INSERT INTO items (id, state) VALUES ('a', 'KAZ')").run();
  const before = indexes(db);
  deferIndexes(db, ['items']).restore();
  t.same(indexes(db), before);
  t.same(deferIndexes(db, ['items', 'missing']), deferIndexes(db, ['items']), 'nothing done for a missing table');
  t.same(indexes(db), before);
  t.end();
});
