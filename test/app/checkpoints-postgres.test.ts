/**
 * Checkpoints over the PostgreSQL store, through the port alone: each replica keeps the same tree of the shared log
 * from its subscription, signs the same root, and `followup verify --checkpoint` on the PostgreSQL log (with no
 * local tree at hand) catches a rewrite with its chain recomputed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import t, { type Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { verifyInclusion } from '../../src/eventstore/checkpoints/proof-verification.js';
import { generateSigningKeyPem, loadSigningKey, publicKeyPem } from '../../src/eventstore/checkpoints/signing-key.js';
import { TreeBuilder } from '../../src/eventstore/checkpoints/tree-builder.js';
import { eventHash } from '../../src/eventstore/integrity.js';
import { captureIo } from '../cli/harness.js';
import { collect } from '../eventstore/fixtures.js';
import { testDatabase } from '../postgres/server.js';

const url = await testDatabase(t, 'Checkpoints on PostgreSQL');
const key = loadSigningKey(generateSigningKeyPem(), 'followup');
const ADMIN = 'postgres-checkpoint-admin-token-0123456789';

async function replica(t: Test, log: string): Promise<Followup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-pg-checkpoints-'));
  const followup = await Followup.openPostgres({ connectionString: log, dataDir, adminToken: ADMIN, signingKey: key });
  t.teardown(async () => {
    await followup.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await followup.runner?.whenCaughtUp();
  return followup;
}

const context = {
  principal: { kind: 'token' as const, tokenId: 'bootstrap-admin', name: 'admin', role: 'admin' as const, states: [] },
  correlationId: 'c',
  causationId: 'c',
};

if (url !== undefined) {
  t.test(
    'two replicas on one PostgreSQL log sign the same tree; verify --checkpoint catches a re-chained rewrite',
    async (t) => {
      const log = `${url}?schema=checkpoints`;
      const a = await replica(t, log);
      for (const name of ['one', 'two', 'three']) await a.tokens.issue(context, { name, role: 'reader' });
      const head = await a.store.headPosition();
      const b = await replica(t, log);
      t.ok(await a.reached(head, 10_000));
      t.ok(await b.reached(head, 10_000));

      const signedA = a.checkpoints.sign().checkpoint;
      const signedB = b.checkpoints.sign().checkpoint;
      t.equal(signedA.size, 3);
      t.ok(signedA.root.equals(signedB.root), 'the same root on both replicas');
      const events = await collect(a.store.readAll());
      const builder = new TreeBuilder();
      for (const event of events) builder.push(Buffer.from(event.metadata.hash, 'hex'));
      t.ok(builder.root().equals(signedA.root), 'the root of the log as read from PostgreSQL');
      const proof = b.checkpoints.inclusion(events[1]!.position);
      t.ok(
        verifyInclusion(
          proof.leafIndex,
          proof.treeSize,
          Buffer.from(proof.leafHash, 'base64'),
          proof.proof.map((p) => Buffer.from(p, 'base64')),
          signedA.root,
        ),
      );

      const keep = mkdtempSync(join(tmpdir(), 'followup-pg-kept-'));
      t.teardown(() => rmSync(keep, { recursive: true, force: true }));
      writeFileSync(join(keep, 'kept.txt'), signedA.note);
      writeFileSync(join(keep, 'followup.pub'), publicKeyPem(key.verifier));
      const config = loadConfig({ FOLLOWUP_STORE: log, FOLLOWUP_ADMIN_TOKEN: ADMIN });
      const flags = { checkpoint: join(keep, 'kept.txt'), publicKey: join(keep, 'followup.pub') };
      const intact = captureIo();
      t.equal(await runVerify(config, intact, flags), 0, intact.out());
      t.match(intact.out(), /the log's first 3 events have its signed root/);

      // The attacker renames a reader token's holder and recomputes its hash: the stream's chain holds again.
      const target = events[1]!;
      const data = { ...(target.data as object), name: 'renamed' };
      const { hash: _hash, previousHash, ...metadata } = target.metadata;
      const hash = eventHash({ ...target, data, metadata }, previousHash);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('UPDATE checkpoints.events SET data = $1, metadata = $2 WHERE position = $3', [
        JSON.stringify(data),
        JSON.stringify({ ...target.metadata, hash }),
        target.position,
      ]);
      await client.end();
      const plain = captureIo();
      t.equal(await runVerify(config, plain), 0, 'the chains hold');
      const checked = captureIo();
      t.equal(await runVerify(config, checked, flags), 1);
      t.match(checked.out(), /do NOT have its signed root/);
      t.match(checked.out(), /cannot be named/, 'no local tree beside a PostgreSQL log: the root alone tells');
    },
  );
}
