/**
 * Bundles the compiled CLI (dist/src/cli/main.js, with the packages it imports) into one CommonJS file,
 * dist/server/followup.cjs, which bin/followup.js runs; then starts the service from it once, on a store in memory,
 * to record V8's code cache of a start-up beside it (src/cli/code-cache.ts). A start then reads two files instead of
 * ~900 and compiles little (bench P4, docs/performance.md).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { codeCacheFile } from '../src/cli/code-cache.js';
import { projectRoot } from '../src/project-root.js';

/**
 * Packages left out of the bundle, loaded from node_modules as before: native code (found by its own module's
 * path), and heavy ones loaded only by rare commands (import of UN files, Word drafts, the shared stores).
 */
export const EXTERNAL = ['better-sqlite3', 'exceljs', 'docx', 'pg', '@eventstore/db-client'];

/** Where `npm run build` puts the bundle. */
export const bundleFile = (root: string): string => join(root, 'dist', 'server', 'followup.cjs');

const PLACE_BOUND = /\b__dirname\b|\b__filename\b|\bimport\.meta\b/;
// A shebang, the comments heading a file and its 'use strict' stay first: the declarations follow them, on their
// line, so that no line moves.
const PROLOGUE = /^(?:#![^\n]*\n)?(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*(?:(['"])use strict\1;?)?/;

/**
 * Each module's own place, as it is unbundled: `__dirname`, `__filename` and `import.meta` (its `url`, `dirname`,
 * `filename`, `resolve`) name the module's file under the project's root, not the bundle's. A worker started from
 * `new URL('./worker.js', import.meta.url)`, the project's root, `createRequire`, and a package serving the files
 * beside its modules (the API docs' page) find the same files from the bundle as from dist/ and node_modules/.
 */
function ownPlaces(root: string): Plugin {
  return {
    name: 'own-places',
    setup(builder) {
      builder.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        if (!PLACE_BOUND.test(contents)) return undefined;
        const file = JSON.stringify(relative(root, args.path).split('\\').join('/'));
        const declarations = `; var __filename = __place(${file}), __dirname = __place(${file}, true), __importMeta = __placeMeta(${file});`;
        return {
          contents: contents
            .replace(/\bimport\.meta\b/g, '__importMeta')
            .replace(PROLOGUE, (prologue) => prologue + declarations),
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

// The bundle lives in dist/server/: the project's root is two folders up, taken first, before a module's own
// declarations (hoisted into the bundle's scope) assign __dirname.
const BANNER = `const __bundleRoot = require('node:path').join(__dirname, '..', '..');
const __place = (file, folder) => {
  const { dirname, join } = require('node:path');
  const place = join(__bundleRoot, file);
  return folder ? dirname(place) : place;
};
const __placeMeta = (file) => {
  const { pathToFileURL } = require('node:url');
  const filename = __place(file);
  const url = pathToFileURL(filename).href;
  const resolve = (specifier) => pathToFileURL(require('node:module').createRequire(filename).resolve(specifier)).href;
  return { url, filename, dirname: __place(file, true), resolve };
};`;

/** Bundles into dist/server/ and records the code cache of a start-up; the path of the bundle. */
export async function buildServer(): Promise<string> {
  const root = projectRoot(import.meta.url);
  const dist = join(root, 'dist');
  const outfile = bundleFile(root);
  rmSync(dirname(outfile), { recursive: true, force: true });
  await build({
    entryPoints: [join(dist, 'src', 'cli', 'main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // A dynamic import of a package left out is a require: compiled by `vm`, the bundle has no import().
    supported: { 'dynamic-import': false },
    external: EXTERNAL,
    plugins: [ownPlaces(root)],
    banner: { js: BANNER },
    sourcemap: 'linked',
    absWorkingDir: root,
    logLevel: 'warning',
  });
  await recordStartUp(root, outfile);
  return outfile;
}

/**
 * Starts `followup serve` from the bundle on a store in memory, waits for /ready, stops it: the code compiled on
 * the way is written as the bundle's code cache. A bundle that cannot start fails the build.
 */
async function recordStartUp(root: string, bundle: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FOLLOWUP_DATA_DIR: ':memory:',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    FOLLOWUP_CODE_CACHE: 'record',
  };
  for (const name of ['FOLLOWUP_STORE', 'FOLLOWUP_READERS', 'NODE_OPTIONS']) delete env[name];
  const child = spawn(process.execPath, [join(root, 'bin', 'followup.js'), 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await ready(child, () => output, 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`the bundled service did not start: ${(error as Error).message}\n${output}`);
  }
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
  if (!existsSync(codeCacheFile(bundle))) throw new Error(`no code cache was written at exit\n${output}`);
}

/** Waits for the address the service logs it listens at (port 0: one the system chose), then for /ready there. */
async function ready(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with status ${child.exitCode}`);
    const address = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    const status = !address
      ? 0
      : await fetch(`${address}/ready`).then(
          (response) => response.status,
          () => 0,
        );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not ready within ${timeoutMs / 1000} s`);
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bundle = await buildServer();
  const root = projectRoot(import.meta.url);
  console.log(
    `server: ${relative(root, bundle)} ${MB(statSync(bundle).size)}, code cache ${MB(statSync(codeCacheFile(bundle)).size)}`,
  );
}
