// `npm start` (and demo, bench) build only when the build's inputs changed since the last build, which this records.
// Plain JavaScript: it runs before anything is compiled. `--record` is the last step of `npm run build`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const record = join(root, 'dist', '.build-inputs');
// What `tsc -p tsconfig.build.json` and the web build read; the bench's peer package is not built.
const inputs = [
  'src',
  'projections',
  'scripts',
  'web',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];
const skipped = new Set(['node_modules', 'dist']);

function* files(path) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (!skipped.has(name)) yield* files(join(path, name));
  }
}

/** One hash of every input's path and content: a moved, deleted or edited file changes it. */
function fingerprint() {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of files(join(root, input))) {
      hash.update(`${relative(root, file)}\0`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

if (process.argv.includes('--record')) {
  writeFileSync(record, `${fingerprint()}\n`);
} else if (!existsSync(record) || readFileSync(record, 'utf8').trim() !== fingerprint()) {
  process.stderr.write('The sources changed since the last build (or nothing is built yet): building first.\n');
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(build.status ?? 1);
}
