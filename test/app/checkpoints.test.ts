/**
 * Signed checkpoints over the service's own log: proofs that verify against the signed roots, a tree built for a
 * log that predates it, events written behind the service's back left out of the tree, and a signer that refuses
 * to sign a tree that no longer extends what it signed.
 */
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { CheckpointsUnavailable } from '../../src/app/checkpoints/errors.js';
import { Followup } from '../../src/app/followup.js';
import { openCheckpoint } from '../../src/eventstore/checkpoints/checkpoint-note.js';
import { verifyConsistency, verifyInclusion } from '../../src/eventstore/checkpoints/proof-verification.js';
import { generateSigningKeyPem, loadSigningKey } from '../../src/eventstore/checkpoints/signing-key.js';
import { TreeBuilder } from '../../src/eventstore/checkpoints/tree-builder.js';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/store.js';
import { collect } from '../eventstore/fixtures.js';
import { measure, PARA_10, post, tempDir } from '../http/harness.js';
import { serviceFor } from '../reliability/service.js';

const key = loadSigningKey(generateSigningKeyPem(), 'followup.test/log');
const b64 = (text: string) => Buffer.from(text, 'base64');

/** The root of the log's first `size` events, computed from the log alone. */
async function rootOfLog(followup: Followup, size: number): Promise<Buffer> {
  const builder = new TreeBuilder();
  for (const event of await collect(followup.store.readAll({ limit: size }))) {
    builder.push(Buffer.from(event.metadata.hash, 'hex'));
  }
  return builder.root();
}

t.test('a signed checkpoint, proofs of inclusion and consistency that verify against it', async (t) => {
  const service = await serviceFor(t, { signingKey: key });
  const { checkpoints } = service.followup;
  const first = checkpoints.sign();
  t.equal(first.created, true);
  const opened = openCheckpoint(first.checkpoint.note, key.verifier);
  t.equal(opened.size, (await collect(service.followup.store.readAll())).length, 'it covers every event');
  t.ok(opened.root.equals(await rootOfLog(service.followup, opened.size)), 'its root is the root of the log');
  t.equal(opened.position, await service.followup.store.headPosition());
  t.equal(checkpoints.sign().created, false, 'nothing new: the same checkpoint');

  await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  const second = checkpoints.sign().checkpoint;
  t.equal(second.size, first.checkpoint.size + 1);
  const consistency = checkpoints.consistency(first.checkpoint.size);
  t.equal(consistency.to, second.size, 'to the last checkpoint by default');
  t.ok(
    verifyConsistency(first.checkpoint.size, second.size, opened.root, second.root, consistency.proof.map(b64)),
    'the first checkpoint is a prefix of the second',
  );
  for (const event of await collect(service.followup.store.readAll())) {
    const proof = checkpoints.inclusion(event.position);
    t.equal(proof.eventHash, event.metadata.hash);
    const leaf = b64(proof.leafHash);
    if (!verifyInclusion(proof.leafIndex, proof.treeSize, leaf, proof.proof.map(b64), second.root)) {
      t.fail(`inclusion of ${event.position}`);
    }
  }
  t.pass('every event is proved included in the second checkpoint');
  t.throws(() => checkpoints.inclusion('999999'), /no event at position/);
  t.throws(() => checkpoints.consistency(0), /from must be between/);
  t.throws(() => checkpoints.consistency(1, second.size + 1), /beyond the log's tree/);
});

t.test('an event recorded after the last checkpoint is proved only once a checkpoint covers it', async (t) => {
  const service = await serviceFor(t, { signingKey: key });
  service.followup.checkpoints.sign();
  const answer = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  t.throws(() => service.followup.checkpoints.inclusion(answer.json.position), /covered by the next checkpoint/);
  service.followup.checkpoints.sign();
  t.equal(service.followup.checkpoints.inclusion(answer.json.position).position, answer.json.position);
});

t.test('without a signing key: nothing is signed, proofs still answer', async (t) => {
  const service = await serviceFor(t);
  t.throws(() => service.followup.checkpoints.sign(), CheckpointsUnavailable);
  t.equal(service.followup.checkpoints.signIfGrown(), undefined);
  t.equal(service.followup.checkpoints.latest(), undefined);
  const head = await service.followup.store.headPosition();
  t.equal(service.followup.checkpoints.inclusion(head).position, head);
});

/**
 * A store on file kept from before the log's tree (its tables dropped), reopened with the signing key and closed
 * when the test ends; and the number of events in its log.
 */
async function predatingTheTree(t: Test): Promise<{ reopened: Followup; events: number }> {
  const dataDir = tempDir(t);
  const service = await serviceFor(t, { dataDir, signingKey: key });
  const events = (await collect(service.followup.store.readAll())).length;
  await service.close();
  const older = new Sqlite(`${dataDir}/followup.db`);
  older.exec('DROP TABLE log_tree_leaves; DROP TABLE log_tree_nodes; DROP TABLE log_tree_build');
  older.close();
  const reopened = Followup.open({ dataDir, signingKey: key });
  t.teardown(() => reopened.close());
  return { reopened, events };
}

t.test('a log that predates the tree: the tree is built from the log, then signed', async (t) => {
  const { reopened, events } = await predatingTheTree(t);
  t.match(reopened.checkpoints.state(), { size: 0, building: true, inStep: false });
  t.throws(() => reopened.checkpoints.sign(), /being built/);
  await reopened.checkpoints.build();
  t.match(reopened.checkpoints.state(), { size: events, building: false, inStep: true });
  const { checkpoint } = reopened.checkpoints.sign();
  t.ok(checkpoint.root.equals(await rootOfLog(reopened, events)));
});

t.test('appends while the tree is built join it once it caught up', async (t) => {
  const { reopened } = await predatingTheTree(t);
  const store = reopened.store as SqliteEventStore;
  const appendOne = (n: number) =>
    store.append(`recommendation-built-${n}`, [{ type: 'Noted', data: { n }, metadata: actor }], {
      expectedRevision: 'any',
    });
  const building = reopened.checkpoints.build();
  await Promise.all([appendOne(1), appendOne(2), building, appendOne(3)]);
  await appendOne(4);
  const events = (await collect(reopened.store.readAll())).length;
  t.match(reopened.checkpoints.state(), { size: events, inStep: true });
  t.ok(reopened.checkpoints.sign().checkpoint.root.equals(await rootOfLog(reopened, events)));
});

const actor = {
  actor: { tokenId: 'test', name: 'test', role: 'admin' },
  correlationId: 'c',
  causationId: 'c',
};

t.test('an event written behind the service is no leaf; the next appended ones are', async (t) => {
  const dataDir = tempDir(t);
  const service = await serviceFor(t, { dataDir, signingKey: key });
  const before = service.followup.checkpoints.state().size;
  const attacker = new Sqlite(`${dataDir}/followup.db`);
  t.teardown(() => attacker.close());
  const last = attacker.prepare('SELECT * FROM events ORDER BY position DESC LIMIT 1').get() as Record<string, unknown>;
  attacker
    .prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, 0, ?, ?, ?)')
    .run('00000000-0000-4000-8000-000000000001', 'token-mine', 'TokenIssued', '{}', last.metadata);
  await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  const state = service.followup.checkpoints.state();
  t.equal(state.size, before + 1, 'the measure is a leaf, the forged event is not');
  t.equal(state.inStep, true);
  t.equal(service.followup.checkpoints.sign().created, true, 'what is signed is the log the service wrote');
});

t.test('a tree that no longer extends the last checkpoint is not signed', async (t) => {
  const dataDir = tempDir(t);
  const service = await serviceFor(t, { dataDir, signingKey: key });
  service.followup.checkpoints.sign();
  await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  const attacker = new Sqlite(`${dataDir}/followup.db`);
  t.teardown(() => attacker.close());
  attacker.prepare('UPDATE log_tree_leaves SET event_hash = ? WHERE leaf = 1').run(Buffer.alloc(32, 9));
  attacker.prepare('DELETE FROM log_tree_nodes').run();
  t.throws(() => service.followup.checkpoints.sign(), /no longer extends|no node/);
});

t.test('a replica on a shared log keeps the same tree as the log it follows', async (t) => {
  const service = await serviceFor(t, { signingKey: key });
  const replica = Followup.openReplica({
    store: service.followup.store,
    dataDir: ':memory:',
    ownsStore: false,
    signingKey: key,
  });
  t.teardown(() => replica.close());
  await replica.runner?.whenCaughtUp();
  const embedded = service.followup.checkpoints.sign().checkpoint;
  const followed = replica.checkpoints.sign().checkpoint;
  t.equal(followed.size, embedded.size);
  t.ok(followed.root.equals(embedded.root), 'the same root from the same events');
});
