/** A log checked against a checkpoint: every rewrite, insertion and deletion before it breaks the root, and is named. */
import { createHash } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import t from 'tap';
import type { Checkpoint } from '../../../src/eventstore/checkpoints/checkpoint-note.js';
import { CheckpointWalk, type WalkedEvent } from '../../../src/eventstore/checkpoints/checkpoint-walk.js';
import { LogTree, migrateLogTree } from '../../../src/eventstore/checkpoints/log-tree.js';
import { EMPTY_ROOT } from '../../../src/eventstore/checkpoints/tree-hash.js';

const event = (i: number, tag = ''): WalkedEvent => ({
  position: String(i + 1),
  stream: `recommendation-${i % 3}`,
  revision: Math.floor(i / 3),
  hash: createHash('sha256').update(`event ${i}${tag}`).digest('hex'),
});

/** 40 events, a checkpoint over the first 30, and the tree kept beside them. */
function signedLog() {
  const db = new Sqlite(':memory:');
  migrateLogTree(db);
  const tree = new LogTree(db);
  const log = Array.from({ length: 40 }, (_, i) => event(i));
  for (const e of log.slice(0, 30)) tree.append({ position: e.position, metadata: { hash: e.hash! } });
  const checkpoint: Checkpoint = {
    origin: 'followup',
    size: 30,
    root: tree.root(30),
    position: '30',
    signedAt: '2026-11-30T10:00:00.000Z',
  };
  for (const e of log.slice(30)) tree.append({ position: e.position, metadata: { hash: e.hash! } });
  return { db, tree, log, checkpoint };
}

function walk(checkpoint: Checkpoint, events: WalkedEvent[], tree?: LogTree) {
  const w = new CheckpointWalk(checkpoint, tree);
  for (const e of events) w.see(e);
  return w.finish();
}

t.test('the log as signed: the root holds, ten events after it are not covered', async (t) => {
  const { log, tree, checkpoint } = signedLog();
  t.match(walk(checkpoint, log, tree), { holds: true, events: 40, uncovered: 10, located: true, differences: [] });
  t.match(walk(checkpoint, log), { holds: true, located: false, differences: [] }, 'without the local tree too');
  t.equal(walk(checkpoint, log, tree).positionDiffers, undefined);
});

t.test('an event rewritten, the rest of its stream re-chained: the root breaks, each one named', async (t) => {
  const { log, tree, checkpoint } = signedLog();
  const forged = log.map((e, i) => (i >= 10 && i % 3 === 1 ? event(i, 'forged') : e));
  const finding = walk(checkpoint, forged, tree);
  t.equal(finding.holds, false);
  t.strictSame(
    finding.differences.map((d) => [d.kind, d.index]),
    [10, 13, 16, 19, 22, 25, 28].map((i) => ['rewritten', i]),
  );
  t.match(finding.differences[0], { event: { stream: 'recommendation-1', revision: 3 }, signedPosition: '11' });
  t.equal(walk(checkpoint, forged).holds, false, 'without the local tree, the root alone still breaks');
});

t.test('the last event of a stream deleted: the root breaks, the deleted position named', async (t) => {
  const { log, tree, checkpoint } = signedLog();
  const finding = walk(
    checkpoint,
    log.filter((_, i) => i !== 26),
    tree,
  );
  t.equal(finding.holds, false);
  t.strictSame(finding.differences, [{ kind: 'deleted', index: 26, signedPosition: '27' }]);
});

t.test("the log's last signed event deleted: the log is shorter than the checkpoint", async (t) => {
  const { log, tree, checkpoint } = signedLog();
  const finding = walk(checkpoint, log.slice(0, 29), tree);
  t.match(finding, { holds: false, events: 29, uncovered: 0 });
  t.strictSame(finding.differences, [{ kind: 'deleted', index: 29, signedPosition: '30' }]);
});

t.test('an event inserted before the checkpoint: the root breaks, the inserted event named', async (t) => {
  const { log, tree, checkpoint } = signedLog();
  const intruder = { ...event(99), stream: 'token-mine', revision: 0 };
  const finding = walk(checkpoint, [...log.slice(0, 12), intruder, ...log.slice(12)], tree);
  t.equal(finding.holds, false);
  t.strictSame(finding.differences, [{ kind: 'inserted', index: 12, event: intruder }]);
});

t.test('an unreadable event is a rewritten one', async (t) => {
  const { log, tree, checkpoint } = signedLog();
  const finding = walk(
    checkpoint,
    log.map((e, i) => (i === 5 ? { ...e, hash: undefined } : e)),
    tree,
  );
  t.equal(finding.holds, false);
  t.match(finding.differences, [{ kind: 'rewritten', index: 5 }]);
});

t.test('a local tree altered too cannot name anything, and the root still breaks', async (t) => {
  const { log, db, tree, checkpoint } = signedLog();
  db.prepare('UPDATE log_tree_leaves SET event_hash = ? WHERE leaf = 3').run(Buffer.alloc(32, 1));
  const finding = walk(
    checkpoint,
    log.map((e, i) => (i === 3 ? event(3, 'forged') : e)),
    tree,
  );
  t.match(finding, { holds: false, located: false, differences: [] });
});

t.test('the same events at other positions (a copied log): the root holds, the position is told', async (t) => {
  const { log, tree, checkpoint } = signedLog();
  const copied = log.map((e, i) => ({ ...e, position: String(1000 + i) }));
  t.match(walk(checkpoint, copied, tree), { holds: true, positionDiffers: { signed: '30', found: '1029' } });
});

t.test('a checkpoint of the empty log holds for any log', async (t) => {
  const { log } = signedLog();
  const empty = { ...signedLog().checkpoint, size: 0, root: EMPTY_ROOT, position: '0' };
  t.match(walk(empty, log), { holds: true, uncovered: 40 });
});
