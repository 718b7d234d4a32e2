/**
 * `followup copy --to postgres://…` and `followup verify` on the copy, as the command line runs them, against a
 * real PostgreSQL server: every event with its id, revision, data and metadata (the hash chains hold), a second run
 * stores nothing twice, a tampered row is named, and a service on the copy answers as the embedded one did.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import { verifyChains } from '../../src/eventstore/integrity.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/index.js';
import { buildApp } from '../../src/http/app.js';
import { collect } from '../eventstore/fixtures.js';
import { ADMIN_TOKEN, get, loadFoundingCase, measure, PARA_10, post, startService, tempDir } from '../http/harness.js';
import { sql, testDatabase } from '../postgres/server.js';
import { captureIo } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const url = await testDatabase(t, 'followup copy --to postgres');

const followup = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

if (url !== undefined) {
  t.test('copy the embedded log to PostgreSQL, verify it there, serve from it', async (t) => {
    const data = join(tempDir(t), 'data');
    const embedded = await startService({ dataDir: data });
    await loadFoundingCase(embedded);
    const key = { 'idempotency-key': 'copy-measure-1' };
    const measured = await post(
      embedded.app,
      `/v1/recommendations/${PARA_10}/measures`,
      embedded.tokens.kaz,
      measure,
      key,
    );
    t.equal(measured.status, 200);
    const status = (await get(embedded.app, '/v1/states/KAZ/status?asOf=2024-06-01')).json;
    const source = await collect(embedded.followup.store.readAll());
    await embedded.close();

    const target = `${url}?schema=copied`;
    const first = followup('copy', '--data-dir', data, '--to', target, '--batch', '7');
    t.equal(first.status, 0, `copy exits 0 ${first.status === 0 ? '' : first.stderr}`);
    t.match(first.stdout, new RegExp(`copied ${source.length} events to .* \\(0 found already there\\)`));
    const again = followup('copy', '--data-dir', data, '--to', target, '--from-start');
    t.equal(again.status, 0, `a second copy exits 0 ${again.status === 0 ? '' : again.stderr}`);
    t.match(again.stdout, new RegExp(`\\(${source.length} found already there\\)`), 'a second run stores nothing');

    const store = await PostgresEventStore.connect(target);
    t.teardown(() => store.close());
    const copied = await collect(store.readAll());
    const shape = (events: typeof source) =>
      events.map((e) => [e.id, e.stream, e.revision, e.type, e.data, e.metadata]);
    t.same(shape(copied), shape(source), 'the same events in the same order, metadata and hashes as they were');
    t.same(
      copied.map((e) => e.position),
      source.map((_, i) => String(i + 1)),
    );
    t.equal((await verifyChains(store)).ok, true);

    // The tokens were issued by the service's configured admin: the verifier is told who that is.
    const verified = captureIo();
    t.equal(
      await runVerify(loadConfig({ FOLLOWUP_STORE: target, FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN }), verified),
      0,
      'verify on the copy exits 0',
    );
    t.match(
      verified.out(),
      new RegExp(`^verified ${source.length} events in \\d+ streams: every hash chain holds$`, 'm'),
    );

    // A service on the copy: the same status, and the Idempotency-Key used before the move is still answered.
    const replica = Followup.openReplica({ store, dataDir: ':memory:', adminToken: ADMIN_TOKEN, ownsStore: false });
    const app = await buildApp(replica, { publicRead: true, logger: false });
    t.teardown(async () => {
      await app.close();
      await replica.close();
    });
    await replica.runner?.whenCaughtUp();
    t.same((await get(app, '/v1/states/KAZ/status?asOf=2024-06-01')).json, status, 'the status answered as before');
    const kaz = embedded.tokens.kaz;
    const retried = await post(app, `/v1/recommendations/${PARA_10}/measures`, kaz, measure, key);
    t.equal(retried.status, 200);
    t.same(retried.json, measured.json, 'a retry of a request answered before the copy gets the same answer');
    t.equal((await collect(store.readAll())).length, source.length, 'and appends nothing');

    const [tampered] = await sql<{ stream: string; revision: number }>(
      url,
      `UPDATE copied.events SET data = '{"forged":true}' WHERE position = 3 RETURNING stream, revision`,
    );
    const broken = captureIo();
    t.equal(
      await runVerify(loadConfig({ FOLLOWUP_STORE: target, FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN }), broken),
      1,
      'verify exits 1 on a tampered copy',
    );
    t.match(broken.out(), new RegExp(`^${tampered!.stream} revision ${tampered!.revision}: altered$`, 'm'));
  });
}
