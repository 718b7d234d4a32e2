/**
 * The CLI bundled into one CommonJS file (`npm run build`: scripts/build-server.ts), run with V8's code cache of a
 * start-up: a start then neither resolves nor reads the ~900 module files of the CLI and its packages, nor compiles
 * again what the cache holds (bench P4). Node 20 has no compile cache of its own (`module.enableCompileCache` came
 * in 22.1), and V8 checks a cache against its source's length only, so the cache starts with the SHA-256 of the
 * bundle it was made from and is used for that bundle alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** Where the code cache of `bundle` is kept: beside it. */
export const codeCacheFile = (bundle: string): string => `${bundle}.cache`;

const DIGEST_BYTES = 32;

export interface BundleRun {
  /** Whether a code cache made from this very bundle was found and accepted by V8. */
  cacheUsed: boolean;
}

/**
 * Runs `bundle` as a CommonJS module, compiled with its code cache when one was made from it. With `record`, the
 * code compiled until the process exits (a whole start-up, say) is written as the cache at exit.
 */
export function runBundle(bundle: string, options: { record?: boolean } = {}): BundleRun {
  // Node maps the stack traces of modules it loads itself only (--enable-source-maps), not of a `vm` script's.
  if (process.sourceMapsEnabled && !options.record) {
    createRequire(import.meta.url)(bundle);
    return { cacheUsed: false };
  }
  const source = readFileSync(bundle);
  const digest = createHash('sha256').update(source).digest();
  const cacheFile = codeCacheFile(bundle);
  const cachedData = options.record ? undefined : cacheOf(cacheFile, digest);
  const script = new Script(Module.wrap(source.toString('utf8')), { filename: bundle, cachedData });
  if (options.record) {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
      renameSync(temporary, cacheFile);
    });
  }
  const require = createRequire(bundle);
  const module = { exports: {}, id: bundle, filename: bundle, loaded: false, children: [], paths: [], require };
  script.runInThisContext()(module.exports, require, module, bundle, dirname(bundle));
  module.loaded = true;
  return { cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cache in `file` when it was made from the bundle of this digest. */
function cacheOf(file: string, digest: Buffer): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  const cache = readFileSync(file);
  return cache.subarray(0, DIGEST_BYTES).equals(digest) ? cache.subarray(DIGEST_BYTES) : undefined;
}
