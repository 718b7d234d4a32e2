/** The tree kept in SQLite equals the tree computed in memory, at every size, with proofs that verify. */
import { createHash } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import t from 'tap';
import { eventLeaf, LogTree, migrateLogTree, STRIDE } from '../../../src/eventstore/checkpoints/log-tree.js';
import { verifyConsistency, verifyInclusion } from '../../../src/eventstore/checkpoints/proof-verification.js';
import { TreeBuilder } from '../../../src/eventstore/checkpoints/tree-builder.js';
import { leafHash } from '../../../src/eventstore/checkpoints/tree-hash.js';
import { mth, path, proof } from './reference-tree.js';

const SEED = Number(process.env.FOLLOWUP_SEED ?? 1962);
const hashOf = (i: number) => createHash('sha256').update(`event ${i}`).digest();
const event = (i: number) => ({ position: String(i * 3 + 1), metadata: { hash: hashOf(i).toString('hex') } });

function tree(): LogTree {
  const db = new Sqlite(':memory:');
  t.equal(migrateLogTree(db), true, 'created');
  t.equal(migrateLogTree(db), false, 'already there');
  return new LogTree(db);
}

t.test('grown one event at a time: the same root as in memory at every size', async (t) => {
  const stored = tree();
  const memory = new TreeBuilder();
  t.equal(stored.root().toString('hex'), memory.root().toString('hex'), 'empty');
  t.equal(stored.position(), '0');
  const sizes = 2 ** (4 * STRIDE) + 37;
  for (let i = 0; i < sizes; i++) {
    t.equal(stored.append(event(i)), i);
    memory.push(hashOf(i));
    if (!stored.root().equals(memory.root())) t.fail(`root at ${i + 1}`);
  }
  t.equal(stored.size(), sizes);
  t.equal(stored.position(), String((sizes - 1) * 3 + 1));
  t.strictSame(stored.leafByPosition('4'), { index: 1, position: '4', eventHash: hashOf(1) });
  t.equal(stored.leafByPosition('5'), undefined);
  t.equal(stored.root(100).toString('hex'), mth(Array.from({ length: 100 }, (_, i) => hashOf(i))).toString('hex'));
});

t.test('grown a transaction at a time: the same leaves and nodes as one event at a time', async (t) => {
  const rows = (db: Sqlite.Database) => ({
    leaves: db.prepare('SELECT leaf, position, hex(event_hash) AS hash FROM log_tree_leaves ORDER BY leaf').all(),
    nodes: db.prepare('SELECT level, idx, hex(hash) AS hash FROM log_tree_nodes ORDER BY level, idx').all(),
  });
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 70 }), { minLength: 1, maxLength: 12 }), (batches) => {
      const oneDb = new Sqlite(':memory:');
      const manyDb = new Sqlite(':memory:');
      migrateLogTree(oneDb);
      migrateLogTree(manyDb);
      const one = new LogTree(oneDb);
      const many = new LogTree(manyDb);
      let next = 0;
      for (const size of batches) {
        const events = Array.from({ length: size }, (_, i) => event(next + i));
        for (const e of events) one.append(e);
        if (many.appendAll(events, { after: many.position() }) !== next) return false;
        next += size;
        if (!many.root().equals(one.root())) return false;
      }
      return JSON.stringify(rows(manyDb)) === JSON.stringify(rows(oneDb));
    }),
    { seed: SEED, numRuns: 100 },
  );
  t.pass(`100 random splits into transactions (seed ${SEED})`);
  const stored = tree();
  t.equal(stored.appendAll([event(0), event(1)], { after: '99' }), undefined, 'not in step: no leaf');
  t.equal(stored.size(), 0);
});

t.test('proofs from the stored tree equal the RFC definitions and verify', async (t) => {
  const stored = tree();
  const inputs = Array.from({ length: 1000 }, (_, i) => hashOf(i));
  for (let i = 0; i < inputs.length; i++) stored.append(event(i));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), fc.nat(), (size, b) => {
      const index = b % size;
      const leaves = inputs.slice(0, size);
      const built = stored.inclusionProof(index, size);
      const root = stored.root(size);
      const from = (b % size) + 1;
      const consistency = stored.consistencyProof(from, size);
      return (
        Buffer.concat(built).equals(Buffer.concat(path(index, leaves))) &&
        verifyInclusion(index, size, leafHash(inputs[index]!), built, root) &&
        Buffer.concat(consistency).equals(Buffer.concat(proof(from, leaves))) &&
        verifyConsistency(from, size, stored.root(from), root, consistency)
      );
    }),
    { seed: SEED, numRuns: 200 },
  );
  t.pass(`200 random proofs over 1,000 stored leaves (seed ${SEED})`);
  t.throws(() => stored.root(1001), RangeError, 'a size the tree has not reached');
  t.throws(() => stored.inclusionProof(1000, 1000), RangeError);
});

t.test('an append rolled back leaves the tree as it was', async (t) => {
  const db = new Sqlite(':memory:');
  migrateLogTree(db);
  const stored = new LogTree(db);
  for (let i = 0; i < 15; i++) stored.append(event(i));
  const before = stored.root();
  t.throws(() =>
    db.transaction(() => {
      stored.append(event(15));
      throw new Error('the append failed');
    })(),
  );
  t.equal(stored.size(), 15);
  t.ok(stored.root().equals(before));
  stored.append(event(99));
  t.ok(stored.root().equals(mth([...Array.from({ length: 15 }, (_, i) => hashOf(i)), hashOf(99)])));
});

t.test('appended only after the leaf it is told to follow', async (t) => {
  const stored = tree();
  t.equal(stored.append(event(0), { after: '0' }), 0, 'the empty tree follows position 0');
  t.equal(stored.append(event(1), { after: '99' }), undefined, 'not in step: no leaf');
  t.equal(stored.size(), 1);
  t.equal(stored.append(event(1), { after: '1' }), 1);
});

t.test('a table of an earlier layout, with a unique index on positions, is migrated in place', async (t) => {
  const db = new Sqlite(':memory:');
  db.exec(
    `CREATE TABLE log_tree_leaves (leaf INTEGER PRIMARY KEY, position TEXT NOT NULL UNIQUE, event_hash BLOB NOT NULL) STRICT`,
  );
  db.prepare('INSERT INTO log_tree_leaves VALUES (0, ?, ?)').run('1', hashOf(0));
  migrateLogTree(db);
  const indexes = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'log_tree_leaves'")
    .all();
  t.strictSame(indexes, []);
  t.strictSame(new LogTree(db).leafByPosition('1'), { index: 0, position: '1', eventHash: hashOf(0) });
});

t.test('an event without a chained hash has no leaf', async (t) => {
  t.throws(() => eventLeaf({ metadata: { hash: 'xyz' } as never }), TypeError);
  t.equal(eventLeaf(event(3)).toString('hex'), hashOf(3).toString('hex'));
});
