/**
 * The README's walk-through, run as written: its shell blocks, pasted into bash against the service started on a
 * free port (the README's `npm start` in another terminal). Every `# →` line is a claim: the answer of the command
 * above it must hold those fields with those values. Nothing but localhost is reached.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Followup } from '../src/app/followup.js';
import { listening, tempDir } from './http/harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_TOKEN = 'readme-walk-through-admin-9f3c1b7e2d';
const SECTION = '## Walk through the founding case with curl';
const CLAIM = /^# → (.*)$/;

/** The ```sh blocks of the README's walk-through section, in order. */
function walkThroughBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Whether `actual` holds every field of `expected` with its value; lists must match item for item. */
function holds(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => holds(actual[i], item))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([key, value]) => holds((actual as Record<string, unknown>)[key], value));
  }
  return actual === expected;
}

function runBash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const bash = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_PROXY: '127.0.0.1' } });
    let stdout = '';
    let stderr = '';
    bash.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    bash.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    bash.on('error', reject);
    bash.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('the README walk-through runs as pasted, and the service answers what it claims', async (t) => {
  const [startBlock, ...blocks] = walkThroughBlocks();
  t.equal(startBlock?.trim(), 'npm start', 'the first block starts the server: the test starts it instead');
  t.ok(blocks.length >= 2, 'the walk-through and the reads follow');

  const followup = Followup.open({ dataDir: tempDir(t), adminToken: ADMIN_TOKEN });
  const { base } = await listening(t, followup);

  // What a reader types differently: the token the server printed, and the port this test's server listens on.
  let script = blocks.join('\n');
  t.equal(script.match(/^ADMIN=fu_\.\.\. /gm)?.length, 1, 'one placeholder for the printed token');
  t.equal(script.match(/http:\/\/127\.0\.0\.1:3000/g)?.length, 1, 'one address of the server');
  script = script.replace(/^ADMIN=fu_\.\.\. /m, `ADMIN=${ADMIN_TOKEN} `).replace('http://127.0.0.1:3000', base);

  // Each claim becomes a marker in the output; a refused request (4xx, 5xx) stops the script.
  let claims = 0;
  const expected: unknown[] = [];
  script = script
    .split('\n')
    .map((line) => {
      const claim = CLAIM.exec(line);
      if (!claim) return line;
      expected.push(JSON.parse(claim[1]!));
      return `echo '@@claim ${claims++}'`;
    })
    .join('\n');
  const prelude = 'set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; echo; }\n';
  const run = await runBash(prelude + script);
  t.equal(run.code, 0, 'the walk-through runs to its end', { stderr: run.stderr, stdout: run.stdout.slice(-2000) });
  t.ok(claims >= 15, `the README makes its claims (${claims})`);

  const lines = run.stdout.split('\n');
  let answer: string | undefined;
  let checked = 0;
  for (const line of lines) {
    const marker = /^@@claim (\d+)$/.exec(line);
    if (!marker) {
      if (line.trim() !== '') answer = line;
      continue;
    }
    const index = Number(marker[1]);
    const claim = expected[index];
    let actual: unknown;
    try {
      actual = JSON.parse(answer ?? '');
    } catch {
      actual = answer;
    }
    t.ok(holds(actual, claim), `claim ${index + 1}: ${JSON.stringify(claim)}`, { answer: actual });
    answer = undefined;
    checked++;
  }
  t.equal(checked, claims, 'every claim was checked against an answer');
});

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

t.test('npm run demo says where the dashboard is, and it answers there', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-demo-'));
  const port = await freePort();
  const demo = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/demo.ts')], {
    cwd: ROOT,
    env: { ...process.env, FOLLOWUP_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  });
  t.teardown(async () => {
    if (demo.exitCode === null) {
      demo.kill('SIGTERM');
      await once(demo, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  let output = '';
  const dashboard = await new Promise<string>((resolve, reject) => {
    demo.stdout.on('data', (chunk) => {
      output += chunk;
      const line = /^Dashboard: (\S+)$/m.exec(output);
      if (line) resolve(line[1]!);
    });
    demo.on('exit', (code) => reject(new Error(`the demo stopped (${code}) before naming the dashboard: ${output}`)));
  });
  t.equal(dashboard, `http://127.0.0.1:${port}/#/states/KAZ`, 'the address of the dashboard, on the configured port');
  const page = await fetch(dashboard.replace(/#.*$/, ''));
  t.ok([200, 503].includes(page.status), `the dashboard answers there (${page.status}; 503 until npm run build)`);
  t.match(output, /Loaded the founding case/);
  const status = await fetch(`http://127.0.0.1:${port}/v1/states/KAZ/status`);
  t.equal(status.status, 200);
  t.ok(((await status.json()) as { recommendations: number }).recommendations > 0, 'with the founding case');
});
