/**
 * R9: an attacker who can write the database file recomputes the hash chains after a rewrite, deletes the last event
 * of a stream, or forges a token event for an admin of their own. `followup verify` alone sees none of the first
 * two; `followup verify --checkpoint` against a checkpoint kept from the service catches each, and names it.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { runVerify } from '../../src/cli/commands/verify.js';
import { loadConfig } from '../../src/config.js';
import {
  generateSigningKeyPem,
  loadSigningKey,
  publicKeyPem,
  verifierKeyLine,
} from '../../src/eventstore/checkpoints/signing-key.js';
import { captureIo } from '../cli/harness.js';
import { ADMIN_TOKEN, get, measure, PARA_10, post, tempDir } from '../http/harness.js';
import { forgeAdminToken, type Row, rewriteAndRechain } from './forgery.js';
import { serviceFor } from './service.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STREAM = `recommendation-${PARA_10}`;
const key = loadSigningKey(generateSigningKeyPem(), 'followup');

/** The founding case and four measures, a checkpoint kept by an auditor, and a connection to the file. */
async function audited(t: Test) {
  const dataDir = tempDir(t);
  const keep = tempDir(t);
  const service = await serviceFor(t, { dataDir, signingKey: key });
  for (let n = 1; n <= 4; n++) {
    await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `M${n}`,
    });
  }
  // Something after this stream's last event, so that deleting it is not deleting the log's last event.
  await post(service.app, '/v1/tokens', service.tokens.admin, { name: 'later reader', role: 'reader' });
  const checkpointFile = join(keep, 'checkpoint.json');
  const signed = await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined);
  writeFileSync(checkpointFile, signed.body);
  const publicKeyFile = join(keep, 'followup.pub');
  writeFileSync(publicKeyFile, publicKeyPem(key.verifier));
  const attacker = new Sqlite(join(dataDir, 'followup.db'));
  t.teardown(() => attacker.close());
  const config = loadConfig({ FOLLOWUP_DATA_DIR: dataDir, FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN });
  const verify = async (withCheckpoint: boolean) => {
    const io = captureIo();
    const code = await runVerify(
      config,
      io,
      withCheckpoint ? { checkpoint: checkpointFile, publicKey: publicKeyFile } : {},
    );
    return { code, out: io.out(), err: io.err() };
  };
  const rows = (stream: string) =>
    attacker.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(stream) as Row[];
  return { service, dataDir, attacker, verify, rows, checkpoint: signed.json, checkpointFile, publicKeyFile };
}

t.test('untouched: verify --checkpoint holds', async (t) => {
  const { verify, checkpoint } = await audited(t);
  const result = await verify(true);
  t.equal(result.code, 0, result.out + result.err);
  t.match(result.out, /every hash chain holds/);
  t.match(result.out, /token events: \d+, each recorded by an authorised issuer/);
  t.match(result.out, new RegExp(`the log's first ${checkpoint.treeSize} events have its signed root`));
});

t.test('a measure rewritten and the chain recomputed: verify passes, verify --checkpoint names it', async (t) => {
  const { verify, attacker, rows } = await audited(t);
  const stream = rows(STREAM);
  const target = stream.findIndex((row) => row.data.includes('"M2"'));
  rewriteAndRechain(attacker, stream, target, (data) => ({ ...(data as object), title: 'M2, rewritten' }));
  const plain = await verify(false);
  t.equal(plain.code, 0, 'the recomputed chains hold: the plain verification sees nothing');
  const checked = await verify(true);
  t.equal(checked.code, 1);
  t.match(checked.out, /do NOT have its signed root/);
  t.match(
    checked.out,
    new RegExp(
      `^  rewritten: ${STREAM} revision ${stream[target]!.revision} \\(position ${stream[target]!.position}\\)`,
      'm',
    ),
    'the rewritten event is named by stream, revision and position',
  );
  t.match(checked.out, /^verify failed: the log is not the one the checkpoint signed$/m);
  t.comment(
    `R9 figures: rewrite of ${STREAM}@${stream[target]!.revision}, ${stream.length - target} events re-chained`,
  );
});

t.test("a stream's last event deleted: verify passes, verify --checkpoint names its position", async (t) => {
  const { verify, attacker, rows } = await audited(t);
  const last = rows(STREAM).at(-1)!;
  attacker.prepare('DELETE FROM events WHERE position = ?').run(last.position);
  t.equal((await verify(false)).code, 0, 'a missing last event leaves no trace in the chain');
  const checked = await verify(true);
  t.equal(checked.code, 1);
  t.match(checked.out, new RegExp(`^  deleted: the event at position ${last.position} \\(leaf \\d+\\) is gone$`, 'm'));
});

t.test("the log's very last event deleted: the log is shorter than the checkpoint", async (t) => {
  const { verify, attacker, checkpoint } = await audited(t);
  attacker.prepare('DELETE FROM events WHERE position = (SELECT max(position) FROM events)').run();
  const checked = await verify(true);
  t.equal(checked.code, 1);
  t.match(checked.out, new RegExp(`the log has only ${checkpoint.treeSize - 1} events: events it covers were deleted`));
  t.match(checked.out, new RegExp(`deleted: the event at position ${checkpoint.position}`));
});

t.test('a forged TokenIssued by an unknown issuer: the forged admin works, verify names the event', async (t) => {
  const { verify, attacker, service } = await audited(t);
  const { secret, stream } = forgeAdminToken(attacker, randomUUID());
  const used = await post(service.app, '/v1/tokens', secret, { name: 'accomplice', role: 'admin' });
  t.equal(used.status, 201, 'the forged admin token is accepted by the service: the database was the keys');
  for (const withCheckpoint of [false, true]) {
    const checked = await verify(withCheckpoint);
    t.equal(checked.code, 1, withCheckpoint ? 'with the checkpoint' : 'without it');
    t.match(
      checked.out,
      new RegExp(
        `^${stream} revision 0 \\(position \\d+\\): TokenIssued by [0-9a-f-]+, not authorised: no token of that id was issued before it$`,
        'm',
      ),
    );
    t.match(
      checked.out,
      /TokenIssued by .* not authorised: that token was itself issued without authority/,
      'and what it did',
    );
  }
});

t.test(
  'a forged TokenIssued citing a real admin: verify against a later checkpoint names it as inserted',
  async (t) => {
    const { verify, attacker, service, checkpointFile } = await audited(t);
    const admins = attacker.prepare("SELECT id FROM tokens WHERE role = 'admin'").all() as { id: string }[];
    const realAdmin =
      admins[0]?.id ??
      (await post(service.app, '/v1/tokens', service.tokens.admin, { name: 'a2', role: 'admin' })).json.id;
    const { stream } = forgeAdminToken(attacker, realAdmin);
    t.equal((await verify(true)).code, 0, 'after the kept checkpoint and citing a valid admin: nothing to see yet');
    // The service goes on; its next checkpoint is signed over the log it wrote, without the forged event.
    await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, { ...measure, title: 'M5' });
    const later = await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined);
    t.equal(later.status, 201);
    writeFileSync(checkpointFile, later.body);
    const checked = await verify(true);
    t.equal(checked.code, 1);
    t.match(
      checked.out,
      new RegExp(`^  inserted: ${stream} revision 0 \\(position \\d+\\) is not in the checkpoint$`, 'm'),
    );
  },
);

t.test('a forged token event slipped before the checkpoint, positions renumbered: named as inserted', async (t) => {
  const { verify, attacker } = await audited(t);
  const at = (attacker.prepare('SELECT min(position) AS p FROM events WHERE stream = ?').get(STREAM) as { p: number })
    .p;
  attacker.transaction(() => {
    const rows = attacker.prepare('SELECT position FROM events WHERE position >= ? ORDER BY position DESC').all(at) as {
      position: number;
    }[];
    const move = attacker.prepare('UPDATE events SET position = ? WHERE position = ?');
    for (const row of rows) move.run(row.position + 1, row.position);
  })();
  const { stream } = forgeAdminToken(attacker, 'bootstrap-admin', at);
  const checked = await verify(true);
  t.equal(checked.code, 1);
  t.match(
    checked.out,
    new RegExp(`^  inserted: ${stream} revision 0 \\(position ${at}\\) is not in the checkpoint$`, 'm'),
  );
});

t.test('a checkpoint altered, or checked with another key: refused before the log is read', async (t) => {
  const { dataDir, checkpointFile, publicKeyFile } = await audited(t);
  const config = loadConfig({ FOLLOWUP_DATA_DIR: dataDir, FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN });
  const kept = JSON.parse((await import('node:fs')).readFileSync(checkpointFile, 'utf8'));
  writeFileSync(
    checkpointFile,
    JSON.stringify({ ...kept, note: kept.note.replace(/\n(\d+)\n/, (_: string, n: string) => `\n${Number(n) - 1}\n`) }),
  );
  const io = captureIo();
  t.equal(await runVerify(config, io, { checkpoint: checkpointFile, publicKey: publicKeyFile }), 1);
  t.match(io.out(), /signature does not verify/);
  const other = loadSigningKey(generateSigningKeyPem(), 'followup');
  writeFileSync(publicKeyFile, verifierKeyLine(other.verifier));
  writeFileSync(checkpointFile, JSON.stringify(kept));
  const again = captureIo();
  t.equal(await runVerify(config, again, { checkpoint: checkpointFile, publicKey: publicKeyFile }), 1);
  t.match(again.out(), /not signed by the key/);
  const usage = captureIo();
  t.equal(await runVerify(config, usage, { checkpoint: join(dataDir, 'nothing.json') }), 2);
});

t.test('the followup command itself: verify --checkpoint --public-key', async (t) => {
  const { dataDir, attacker, rows, checkpointFile, publicKeyFile } = await audited(t);
  const run = () =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        'verify',
        '--data-dir',
        dataDir,
        '--checkpoint',
        checkpointFile,
        '--public-key',
        publicKeyFile,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          FOLLOWUP_SIGNING_KEY: '',
          FOLLOWUP_SIGNING_KEY_FILE: '',
          FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN,
        },
      },
    );
  const ok = run();
  t.equal(ok.status, 0, ok.stdout + ok.stderr);
  const stream = rows(STREAM);
  rewriteAndRechain(attacker, stream, 1, (data) => ({ ...(data as object), text: 'rewritten' }));
  const broken = run();
  t.equal(broken.status, 1);
  t.match(broken.stdout, /rewritten: recommendation-/);
});

t.test('the dashboard data: the history and the latest checkpoint tell which events it covers', async (t) => {
  const { service } = await audited(t);
  await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, { ...measure, title: 'M9' });
  const history = (await get(service.app, `/v1/recommendations/${PARA_10}/history`)).json;
  const latest = (await get(service.app, '/v1/checkpoints/latest')).json;
  const covered = history.events.filter((e: { position: string }) => BigInt(e.position) <= BigInt(latest.position));
  t.equal(covered.length, history.events.length - 1, 'all but the measure recorded after the checkpoint');
});
