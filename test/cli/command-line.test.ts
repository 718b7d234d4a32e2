/** The followup command as a person meets it: its version, its help, its exit codes, its flags named in errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { REJECTED_EXIT } from '../../src/cli/commands/import-help.js';
import { BAD_ROWS, GOOD_ROWS, tempDir, writeXlsx } from '../app/import/uhri-fixtures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FOLLOWUP_DATA_DIR: '' },
  });

t.test('--version prints the version of the package', async (t) => {
  const version = run('--version');
  t.equal(version.status, 0);
  t.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});

t.test('import uhri --help lists the forms, the columns and the flag, and points to the docs', async (t) => {
  const help = run('import', 'uhri', '--help');
  t.equal(help.status, 0);
  for (const words of [
    'full export (JSON)',
    'search export (CSV)',
    'Countries Concerned',
    'Reccomending Body',
    'UprRecommendingCountry',
    '--allow-rejected',
    '--lang <language>',
    'docs/analysis.md',
  ]) {
    t.match(help.stdout, words, `names ${words}`);
  }
});

t.test('a bad value given as a flag is named as the flag, not as its variable', async (t) => {
  const badPort = run('serve', '--port', 'abc', '--data-dir', tempDir(t, 'followup-flags-'));
  t.equal(badPort.status, 1);
  t.match(badPort.stderr, /^followup: --port abc: must be a port number$/m);
  t.notMatch(badPort.stderr, /PORT=/);
});

t.test('an import with rejected rows exits non-zero after recording the others, unless allowed', async (t) => {
  const dir = tempDir(t, 'followup-exit-');
  const file = join(dir, 'uhri.xlsx');
  await writeXlsx(file, [...GOOD_ROWS, BAD_ROWS[1]!.row]);
  const data = join(dir, 'data');
  const rejected = run('import', 'uhri', file, '--data-dir', data);
  t.equal(rejected.status, REJECTED_EXIT, rejected.stderr);
  t.match(rejected.stdout, /6 recorded, 0 skipped as not recommendations, 1 rejected/);
  t.match(rejected.stderr, /pass --allow-rejected/);
  const allowed = run('import', 'uhri', file, '--data-dir', data, '--allow-rejected');
  t.equal(allowed.status, 0, allowed.stderr);
  t.match(allowed.stdout, /6 already recorded/);
});

t.test('token create names its flags in every refusal, never the API fields', async (t) => {
  const data = tempDir(t, 'followup-token-');
  const noState = run('token', 'create', '--name', 'NMIRF', '--role', 'state', '--data-dir', data);
  t.equal(noState.status, 1);
  t.match(noState.stderr, /--role state needs the States the token acts for: add --state KAZ/);
  const unknown = run('token', 'create', '--name', 'NMIRF', '--role', 'state', '--state', 'Narnia', '--data-dir', data);
  t.equal(unknown.status, 1);
  t.match(unknown.stderr, /^followup: --state /m);
  const empty = run('token', 'create', '--name', '', '--role', 'admin', '--data-dir', data);
  t.match(empty.stderr, /^followup: --name must not be empty$/m);
  for (const answer of [noState, unknown, empty]) {
    t.notMatch(answer.stderr, /\bstates\b|Too small|Invalid/, 'no API field, no library text');
  }
  const byName = run(
    'token',
    'create',
    '--name',
    'NMIRF',
    '--role',
    'state',
    '--state',
    'kazakhstan',
    '--data-dir',
    data,
  );
  t.equal(byName.status, 0, byName.stderr);
  t.strictSame(JSON.parse(byName.stdout).states, ['KAZ'], 'a State by name is its code');
});
