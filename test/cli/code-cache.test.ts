/**
 * The bundled CLI runs with V8's code cache of the bundle it was made from, and of no other: a bundle rebuilt to
 * the same length (all V8 itself checks) runs its own code. Each run is a child process, as `bin/followup.js` is.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { codeCacheFile } from '../../src/cli/code-cache.js';

const LOADER = fileURLToPath(new URL('../../src/cli/code-cache.ts', import.meta.url));

/** A bundle as esbuild writes one: CommonJS, requiring Node's modules, naming its folder. */
const bundleSaying = (word: string) =>
  [
    "const { basename } = require('node:path');",
    `function say() { return ${JSON.stringify(word)} + ' from ' + basename(__dirname); }`,
    'module.exports.said = say();',
    'process.stdout.write(module.exports.said);',
  ].join('\n');

interface Run {
  out: string;
  cacheUsed: boolean;
}

// The test runner's NODE_OPTIONS and tsx turn source maps on, with which the loader leaves the bundle to Node (no
// cache); `bin/followup.js` runs without either.
const { NODE_OPTIONS: _, ...ENV } = process.env;

function run(bundle: string, record = false): Run {
  const script = [
    `const { runBundle } = await import(${JSON.stringify(LOADER)});`,
    'process.setSourceMapsEnabled(false);',
    `const run = runBundle(${JSON.stringify(bundle)}, { record: ${record} });`,
    'process.stderr.write(JSON.stringify(run));',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: ENV,
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return { out: child.stdout, cacheUsed: (JSON.parse(child.stderr.trim().split('\n').at(-1)!) as Run).cacheUsed };
}

function scratch(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'followup-bundle-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('a recorded cache is used by the next runs of the same bundle', async (t) => {
  const dir = scratch(t);
  const bundle = join(dir, 'cli.cjs');
  writeFileSync(bundle, bundleSaying('hello'));
  const first = run(bundle, true);
  t.equal(first.out, `hello from ${join(dir).split('/').at(-1)}`, 'the bundle ran, as a module of its folder');
  t.notOk(first.cacheUsed, 'recording compiles from the source');
  const cache = readFileSync(codeCacheFile(bundle));
  t.ok(
    cache.subarray(0, 32).equals(createHash('sha256').update(readFileSync(bundle)).digest()),
    "the cache names its bundle's digest",
  );
  t.ok(cache.length > 32, 'and holds code');
  const next = run(bundle);
  t.equal(next.out, first.out, 'the same output');
  t.ok(next.cacheUsed, 'from the cache');
});

t.test("a bundle rebuilt to the same length never runs the old bundle's cache", async (t) => {
  const dir = scratch(t);
  const bundle = join(dir, 'cli.cjs');
  writeFileSync(bundle, bundleSaying('hello'));
  run(bundle, true);
  writeFileSync(bundle, bundleSaying('howdy'));
  const after = run(bundle);
  t.match(after.out, /^howdy from /, 'the new code ran');
  t.notOk(after.cacheUsed, 'without the cache of another bundle');
});

t.test('no cache: the bundle runs compiled from its source', async (t) => {
  const dir = scratch(t);
  const bundle = join(dir, 'cli.cjs');
  writeFileSync(bundle, bundleSaying('hello'));
  const alone = run(bundle);
  t.match(alone.out, /^hello from /);
  t.notOk(alone.cacheUsed);
});

t.test('with source maps on, Node loads the bundle itself, so that stack traces name the sources', async (t) => {
  const dir = scratch(t);
  const bundle = join(dir, 'cli.cjs');
  writeFileSync(bundle, bundleSaying('hello'));
  run(bundle, true);
  const mapped = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { runBundle } = await import(${JSON.stringify(LOADER)}); process.stderr.write(JSON.stringify(runBundle(${JSON.stringify(bundle)})));`,
    ],
    { encoding: 'utf8', env: ENV },
  );
  t.match(mapped.stdout, /^hello from /);
  t.same(JSON.parse(mapped.stderr), { cacheUsed: false });
});
