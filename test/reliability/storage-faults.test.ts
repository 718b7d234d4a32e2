/**
 * R7 through the whole service: the database read-only, the disk full, the database locked by another process.
 * Commands answer 503 problem+json, nothing is half-written, and the service recovers by itself when the fault goes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { verifyChains } from '../../src/eventstore/integrity.js';
import { assertProblem, get, measure, PARA_10, post, type Service } from '../http/harness.js';
import { liveAndRebuilt } from './read-models.js';
import { serviceFor } from './service.js';

const MEASURES = `/v1/recommendations/${PARA_10}/measures`;
/** A measure large enough to need fresh pages of the database file. */
const bigMeasure = { ...measure, description: 'd'.repeat(19_000) };

async function onFile(t: Test): Promise<{ service: Service; file: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-faults-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = await serviceFor(t, { dataDir });
  return { service, file: join(dataDir, 'followup.db') };
}

/** During a fault: the command is 503 problem+json and leaves the log and read models as they were. */
async function refusedWhole(t: Test, service: Service, key: string): Promise<void> {
  const { app, followup, tokens } = service;
  const head = await followup.store.headPosition();
  const before = await get(app, `/v1/recommendations/${PARA_10}`);
  const answer = await post(app, MEASURES, tokens.kaz, bigMeasure, { 'idempotency-key': key });
  assertProblem(t, answer, 503, 'the command during the fault');
  t.equal(await followup.store.headPosition(), head, 'nothing appended');
  const after = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(after.status, 200, 'reads still answer');
  t.equal(after.body, before.body, 'the read model unchanged');
}

/** After the fault: the same command, retried with its key, succeeds once; the file and its chains are sound. */
async function recovered(t: Test, service: Service, key: string): Promise<void> {
  const { app, followup, tokens } = service;
  const head = Number(await followup.store.headPosition());
  const retried = await post(app, MEASURES, tokens.kaz, bigMeasure, { 'idempotency-key': key });
  t.equal(retried.status, 200, 'the retry succeeds without a restart', { body: retried.body });
  const again = await post(app, MEASURES, tokens.kaz, bigMeasure, { 'idempotency-key': key });
  t.equal(again.body, retried.body, 'and is answered again, not applied twice');
  t.equal(Number(await followup.store.headPosition()), head + 1, 'one event');
  t.equal(followup.db.pragma('integrity_check', { simple: true }), 'ok', 'the database file is sound');
  t.ok((await verifyChains(followup.store)).ok, 'every hash chain holds');
  const { live, rebuilt } = await liveAndRebuilt(followup.db, followup.store);
  t.strictSame(live, rebuilt, 'read models equal a rebuild');
  t.equal((await get(app, '/ready')).status, 200, 'ready');
}

t.test('the database read-only: 503, nothing changed, recovery when writable again', async (t) => {
  const { service } = await onFile(t);
  service.followup.db.pragma('query_only = ON');
  const ready = await get(service.app, '/ready');
  assertProblem(t, ready, 503, '/ready while the store cannot be written');
  t.match(ready.json.detail, /the store cannot be written/, 'and it says why');
  await refusedWhole(t, service, 'read-only');
  service.followup.db.pragma('query_only = OFF');
  await recovered(t, service, 'read-only');
});

t.test('the disk full: 503, the transaction rolled back, recovery when there is room', async (t) => {
  const { service } = await onFile(t);
  const { db } = service.followup;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  await refusedWhole(t, service, 'disk-full');
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'sound while full');
  db.pragma('max_page_count = 1073741823');
  await recovered(t, service, 'disk-full');
});

t.test('the database locked by another process holding a write lock: 503, then recovery', async (t) => {
  const { service, file } = await onFile(t);
  // Another process takes the write lock and holds it until its stdin closes.
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE');
       process.stdout.write('locked\\n'); process.stdin.resume();
       process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`,
      file,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const released = new Promise((resolve) => holder.once('exit', resolve));
  t.teardown(() => {
    if (holder.exitCode === null) holder.kill('SIGKILL');
  });
  await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
  t.equal((await get(service.app, '/ready')).status, 200, "another writer's lock is no reason to be unready");
  t.equal(
    service.followup.db.pragma('busy_timeout', { simple: true }),
    5000,
    'its probe leaves the busy timeout as it was',
  );
  // The command waits out the busy timeout (5 s), then gives up.
  await refusedWhole(t, service, 'locked');
  holder.stdin.end();
  await released;
  await recovered(t, service, 'locked');
});
