/**
 * R9, from an auditor's chair: the script of docs/reliability.md ("Checking a checkpoint yourself"), taken from the
 * doc as it is, run with plain Node against a real server. It proves an event included and the log only grown; and
 * when the log was rewritten and its tree rebuilt and signed again with the service's own key, it says the log did
 * not only grow.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import {
  generateSigningKeyPem,
  loadSigningKey,
  publicKeyPem,
  type SigningKey,
} from '../../src/eventstore/checkpoints/signing-key.js';
import { buildApp } from '../../src/http/app.js';
import { collect } from '../eventstore/fixtures.js';
import { ADMIN_TOKEN, loadFoundingCase, measure, PARA_10, post, startService, tempDir } from '../http/harness.js';
import { type Row, rewriteAndRechain } from './forgery.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

/** The fenced js block of the section, exactly as the doc shows it. */
function docScript(): string {
  const doc = readFileSync(join(ROOT, 'docs', 'reliability.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Checking a checkpoint yourself'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no script in docs/reliability.md');
  return match[1]!;
}

/** A server on a socket over the data directory; closed when the test ends. */
async function listening(t: Test, followup: Followup): Promise<string> {
  const app = await buildApp(followup, { publicRead: true, logger: false, security: { writesPerMinute: 0 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

async function audit(dir: string, base: string, position: string) {
  const { stdout } = await run(
    process.execPath,
    [join(dir, 'audit.mjs'), base, join(dir, 'followup.pub'), join(dir, 'kept.json'), position],
    { cwd: dir },
  );
  return stdout;
}

async function setUp(t: Test, key: SigningKey) {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'audit.mjs'), docScript());
  writeFileSync(join(dir, 'followup.pub'), publicKeyPem(key.verifier));
  const service = await startService({ dataDir, signingKey: key, security: { writesPerMinute: 0 } });
  await loadFoundingCase(service);
  const kept = await post(service.app, '/v1/checkpoints', ADMIN_TOKEN, undefined);
  writeFileSync(join(dir, 'kept.json'), kept.body);
  const measured = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  await post(service.app, '/v1/checkpoints', ADMIN_TOKEN, undefined);
  return { dir, dataDir, service, kept: kept.json, position: measured.json.position as string };
}

const key = loadSigningKey(generateSigningKeyPem(), 'followup');

t.test("the doc's script, against a real server: the event is in, the log only grew", async (t) => {
  const { dir, service, position } = await setUp(t, key);
  t.teardown(() => service.close());
  const base = await listening(t, service.followup);
  const out = await audit(dir, base, position);
  t.equal(out, `event ${position} is in the signed log: true\nthe log only grew since the kept checkpoint: true\n`);
  const report = (await collect(service.followup.store.readAll({ filter: { categories: ['report'] }, limit: 1 })))[0]!;
  const first = await audit(dir, base, report.position);
  t.match(first, new RegExp(`^event ${report.position} is in the signed log: true$`, 'm'), 'the first report too');
});

t.test('with another public key pinned, the script refuses the checkpoint', async (t) => {
  const { dir, service, position } = await setUp(t, key);
  t.teardown(() => service.close());
  const base = await listening(t, service.followup);
  writeFileSync(join(dir, 'followup.pub'), publicKeyPem(loadSigningKey(generateSigningKeyPem(), 'followup').verifier));
  await t.rejects(audit(dir, base, position), /the signature does not verify/);
});

t.test('a log rewritten, its tree rebuilt and signed again with the same key: the log did not only grow', async (t) => {
  const { dir, dataDir, service, position } = await setUp(t, key);
  await service.close();
  const attacker = new Sqlite(join(dataDir, 'followup.db'));
  const rows = attacker
    .prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision')
    .all(`recommendation-${PARA_10}`) as Row[];
  rewriteAndRechain(attacker, rows, 0, (data) => ({ ...(data as object), text: 'A weaker recommendation.' }));
  // Whoever holds the key can rebuild the tree of the rewritten log and sign it: the kept checkpoint still tells.
  attacker.exec('DROP TABLE log_tree_leaves; DROP TABLE log_tree_nodes; DROP TABLE signed_checkpoints');
  attacker.close();
  const forged = Followup.open({ dataDir, adminToken: ADMIN_TOKEN, signingKey: key });
  t.teardown(() => forged.close());
  await forged.checkpoints.build();
  forged.checkpoints.sign();
  const base = await listening(t, forged);
  const out = await audit(dir, base, position);
  t.match(out, new RegExp(`^event ${position} is in the signed log: true$`, 'm'), 'the new tree holds its events');
  t.match(out, /^the log only grew since the kept checkpoint: false$/m, 'but it does not extend the kept one');
});
