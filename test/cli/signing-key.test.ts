/** The signing key's settings, `followup signing-key`, and `followup serve` signing checkpoints with it. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { runNewSigningKey } from '../../src/cli/commands/signing-key.js';
import { configuredSigningKey } from '../../src/cli/signing-key.js';
import { type ConfigError, loadConfig } from '../../src/config.js';
import { openCheckpoint } from '../../src/eventstore/checkpoints/checkpoint-note.js';
import {
  generateSigningKeyPem,
  loadSigningKey,
  verifierKeyLine,
} from '../../src/eventstore/checkpoints/signing-key.js';
import { startServer } from '../reliability/server.js';
import { captureIo } from './harness.js';

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'followup-key-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

t.test('settings: none by default; a key file inside the data directory, or two keys, refused', async (t) => {
  const defaults = loadConfig({});
  t.strictSame(defaults.checkpoints, { key: { kind: 'none' }, origin: 'followup', intervalSeconds: 300 });
  t.match(problemsOf({ FOLLOWUP_DATA_DIR: '/srv/data', FOLLOWUP_SIGNING_KEY_FILE: '/srv/data/key.pem' }), [
    /^FOLLOWUP_SIGNING_KEY_FILE="\/srv\/data\/key.pem": must be outside FOLLOWUP_DATA_DIR/,
  ]);
  t.match(problemsOf({ FOLLOWUP_DATA_DIR: '/srv/data', FOLLOWUP_SIGNING_KEY_FILE: '/srv/data' }), [/outside/]);
  t.strictSame(problemsOf({ FOLLOWUP_DATA_DIR: '/srv/data', FOLLOWUP_SIGNING_KEY_FILE: '/srv/data-keys/k.pem' }), []);
  t.match(problemsOf({ FOLLOWUP_SIGNING_KEY: 'x', FOLLOWUP_SIGNING_KEY_FILE: '/etc/k.pem' }), [
    /one of them, not both/,
  ]);
  t.match(problemsOf({ FOLLOWUP_CHECKPOINT_ORIGIN: 'has space' }), [/^FOLLOWUP_CHECKPOINT_ORIGIN=/]);
  t.match(problemsOf({ FOLLOWUP_CHECKPOINT_INTERVAL: '-1' }), [/^FOLLOWUP_CHECKPOINT_INTERVAL=/]);
  t.match(problemsOf({ FOLLOWUP_CHECKPOINT_INTERVAL: 'often' }), [/^FOLLOWUP_CHECKPOINT_INTERVAL=/]);
});

t.test('a configured key is read and checked, naming the setting when it cannot be used', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'key.pem');
  writeFileSync(file, generateSigningKeyPem());
  const key = configuredSigningKey(
    loadConfig({ FOLLOWUP_SIGNING_KEY_FILE: file, FOLLOWUP_CHECKPOINT_ORIGIN: 'a.example/log' }),
  );
  t.equal(key?.name, 'a.example/log');
  t.equal(configuredSigningKey(loadConfig({ FOLLOWUP_SIGNING_KEY: readFileSync(file, 'utf8') }))?.name, 'followup');
  t.equal(configuredSigningKey(loadConfig({})), undefined);
  t.throws(
    () => configuredSigningKey(loadConfig({ FOLLOWUP_SIGNING_KEY_FILE: join(dir, 'none.pem') })),
    /^FOLLOWUP_SIGNING_KEY_FILE=.*cannot read the key file \(ENOENT\)/,
  );
  t.throws(
    () => configuredSigningKey(loadConfig({ FOLLOWUP_SIGNING_KEY: 'not a key' })),
    /^FOLLOWUP_SIGNING_KEY: the signing key is not/,
  );
});

t.test('signing-key new: a key only its owner reads, never over another file, and its public half', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'signing-key.pem');
  const io = captureIo();
  t.equal(runNewSigningKey(file, 'followup', io), 0);
  t.equal(statSync(file).mode & 0o777, 0o600);
  const key = loadSigningKey(readFileSync(file, 'utf8'), 'followup');
  t.match(io.out(), /-----BEGIN PUBLIC KEY-----/);
  t.match(io.out(), verifierKeyLine(key.verifier));
  t.match(io.out(), `FOLLOWUP_SIGNING_KEY_FILE=${file}`);
  const again = captureIo();
  t.equal(runNewSigningKey(file, 'followup', again), 1);
  t.match(again.err(), /EEXIST/);
  t.equal(
    loadSigningKey(readFileSync(file, 'utf8'), 'followup').verifier.raw.toString('hex'),
    key.verifier.raw.toString('hex'),
  );
});

t.test('serve signs at start, when the log grew, and at stop; without a key it says so', async (t) => {
  const dir = tempDir(t);
  const keyFile = join(dir, 'signing-key.pem');
  writeFileSync(keyFile, generateSigningKeyPem(), { mode: 0o600 });
  const key = loadSigningKey(readFileSync(keyFile, 'utf8'), 'followup');
  const dataDir = join(dir, 'data');
  const admin = 'serve-test-admin-token-0123456789abcdef';
  const env = { FOLLOWUP_SIGNING_KEY_FILE: keyFile, FOLLOWUP_CHECKPOINT_INTERVAL: '1', FOLLOWUP_ADMIN_TOKEN: admin };
  const server = await startServer(dataDir, env);
  t.teardown(() => server.kill9());
  const latest = async () =>
    (await (await fetch(`${server.url}/v1/checkpoints/latest`)).json()) as { treeSize?: number; note: string };
  const until = async (check: (checkpoint: { treeSize?: number; note: string }) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const checkpoint = await latest();
      if (check(checkpoint)) return checkpoint;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no such checkpoint: ${server.output()}`);
  };
  t.equal((await until((c) => c.treeSize === 0)).treeSize, 0, 'the empty log, signed at start');
  const issue = (name: string) =>
    fetch(`${server.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, role: 'reader' }),
    });
  t.equal((await issue('first')).status, 201);
  const grown = await until((c) => c.treeSize === 1);
  t.equal(openCheckpoint(grown.note, key.verifier).size, 1, 'signed within the interval, with the configured key');
  t.match(server.output(), verifierKeyLine(key.verifier), 'the public key is in the log at start');
  t.equal((await issue('second')).status, 201);
  t.equal(await server.stop(), 0);
  const db = new Sqlite(join(dataDir, 'followup.db'), { readonly: true });
  t.teardown(() => db.close());
  t.equal((db.prepare('SELECT max(size) AS n FROM signed_checkpoints').get() as { n: number }).n, 2, 'signed at stop');

  const bare = await startServer(join(dir, 'bare'), { FOLLOWUP_SIGNING_KEY_FILE: '', FOLLOWUP_SIGNING_KEY: '' });
  t.teardown(() => bare.kill9());
  t.match(bare.output(), /checkpoints are off: no signing key is configured/);
  t.equal((await fetch(`${bare.url}/v1/checkpoints/latest`)).status, 404);
});
