/** Builds the web dashboard (web/) into dist/web: hashed, minified assets, precompressed, and an index.html. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import countries from 'i18n-iso-countries';
import { projectRoot } from '../src/project-root.js';

export interface BuiltFile {
  path: string;
  bytes: number;
  gzip: number;
}

export interface WebBuild {
  outdir: string;
  files: BuiltFile[];
}

/** Builds into `outdir` (default dist/web); undefined when the sources are absent (an image built without web/). */
export async function buildWeb(options: { outdir?: string } = {}): Promise<WebBuild | undefined> {
  const root = projectRoot(import.meta.url);
  const source = join(root, 'web');
  const outdir = options.outdir ?? join(root, 'dist', 'web');
  if (!existsSync(join(source, 'index.html'))) return undefined;
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: join(source, 'src', 'main.ts') },
    outdir,
    entryNames: 'assets/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    // State codes are alpha-3 in the API; the browser names regions by alpha-2 (Intl.DisplayNames).
    define: { __ALPHA2__: JSON.stringify(countries.getAlpha3Codes()) },
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => relative(outdir, join(root, file)));
  const js = outputs.find((file) => file.endsWith('.js'));
  const css = outputs.find((file) => file.endsWith('.css'));
  if (!js || !css) throw new Error('the web build produced no script or no stylesheet');
  const page = readFileSync(join(source, 'index.html'), 'utf8')
    .replaceAll('%APP_JS%', `/${js}`)
    .replaceAll('%APP_CSS%', `/${css}`);
  writeFileSync(join(outdir, 'index.html'), page);
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  writeFileSync(join(outdir, 'favicon.svg'), readFileSync(join(source, 'favicon.svg')));
  const files: BuiltFile[] = [];
  for (const file of ['index.html', js, css]) {
    const bytes = readFileSync(join(outdir, file));
    const gzip = gzipSync(bytes, { level: 9 });
    // Served as is by @fastify/static (preCompressed) to clients that accept them.
    writeFileSync(join(outdir, `${file}.gz`), gzip);
    writeFileSync(join(outdir, `${file}.br`), brotliCompressSync(bytes));
    files.push({ path: file, bytes: bytes.length, gzip: gzip.length });
  }
  return { outdir, files };
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const built = await buildWeb();
  if (!built) console.log('web dashboard: no web/ sources here, not built');
  else {
    const sizes = built.files.map((f) => `${f.path} ${kB(f.bytes)} (gzip ${kB(f.gzip)})`).join(', ');
    console.log(`web dashboard: ${relative(process.cwd(), built.outdir) || '.'}: ${sizes}`);
  }
}
