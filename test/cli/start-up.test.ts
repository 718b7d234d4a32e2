/**
 * `followup serve` refuses to start on what it cannot serve from, and says so in one line: the cause and the fix,
 * naming the flag. Each case runs the real CLI in a child process; permissions are those of an unprivileged user
 * (when the tests run as root, the child runs as uid 65534, for which the modes below apply).
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import { describeFailure } from '../../src/cli/failure.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Each case starts a CLI from the sources: seconds each on a busy machine.
t.setTimeout(300_000);
const unprivileged: Pick<SpawnOptions, 'uid' | 'gid'> = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `followup serve --data-dir DIR --port PORT …` until it exits (a server that starts is stopped after 2 min). */
function serve(t: Test, args: string[], options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const name of ['PORT', 'HOST', 'FOLLOWUP_DATA_DIR', 'FOLLOWUP_STORE', 'FOLLOWUP_ADMIN_TOKEN']) delete env[name];
  const cli = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'serve', ...args];
  // The test runner adds its hooks to every child's NODE_OPTIONS, and they write into the checkout, which the
  // unprivileged user may not: `env -u` leaves them out of its child.
  const [command, ...rest] = options.uid === undefined ? cli : ['env', '-u', 'NODE_OPTIONS', ...cli];
  const child = spawn(command as string, rest, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  t.teardown(() => {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** A fresh folder every user may enter, removed after the test. */
function scratch(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'followup-start-up-'));
  chmodSync(dir, 0o755);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The run failed with exit 1, one line on stderr matching `line`, and printed no admin token. */
function refused(t: Test, run: Run, line: RegExp): void {
  t.equal(run.code, 1, 'exit status 1');
  const lines = run.stderr.trimEnd().split('\n');
  t.equal(lines.length, 1, 'one line', { stderr: run.stderr });
  t.match(lines[0], line, 'naming the cause and the fix');
  t.notMatch(run.stdout, /admin token|fu_/, 'no admin token printed');
}

function eventCount(file: string): number {
  const db = new Sqlite(file, { readonly: true });
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM events').pluck().get());
  } finally {
    db.close();
  }
}

/** Whether the unprivileged user can run the CLI from this checkout at all. */
async function unprivilegedRuns(): Promise<string | undefined> {
  if (unprivileged.uid === undefined) return undefined;
  const probe = spawn(
    process.execPath,
    ['-e', "require('fs').accessSync(process.argv[1])", join(ROOT, 'src/cli/main.ts')],
    {
      ...unprivileged,
      stdio: 'ignore',
    },
  );
  const code = await new Promise((resolve) => probe.once('close', resolve));
  return code === 0 ? undefined : `uid 65534 cannot read ${ROOT}, so permissions cannot be tried as root here`;
}
const cannotDrop = await unprivilegedRuns();

t.test('a data directory that is a file: EEXIST, and --data-dir', async (t) => {
  const dir = scratch(t);
  const file = join(dir, 'data');
  writeFileSync(file, 'not a folder');
  refused(
    t,
    await serve(t, ['--data-dir', file, '--port', '0']),
    /^followup: the data directory .*data is a file, not a folder \(EEXIST\); move that file away, or choose another folder with --data-dir \(FOLLOWUP_DATA_DIR\)$/,
  );
});

t.test('the same causes from any command that opens the data directory, in process', async (t) => {
  const dir = scratch(t);
  writeFileSync(join(dir, 'data'), 'not a folder');
  const message = (dataDir: string) => {
    try {
      Followup.open({ dataDir });
    } catch (error) {
      return describeFailure(error);
    }
    return 'opened';
  };
  t.match(
    message(join(dir, 'data', 'sub')),
    /data, on the data directory's path, is a file, not a folder \(ENOTDIR\); move that file away, or choose another folder with --data-dir/,
  );
  mkdirSync(join(dir, 'junk'));
  writeFileSync(
    join(dir, 'junk', 'followup.db'),
    'not a database, and long enough for a header to be read. '.repeat(4),
  );
  t.match(
    message(join(dir, 'junk')),
    /followup\.db is not a SQLite database \(SQLITE_NOTADB\); move that file away, or choose another folder with --data-dir/,
  );
});

t.test(
  'a data directory this user cannot write: the folder, the user, and --data-dir',
  { skip: cannotDrop },
  async (t) => {
    const dataDir = join(scratch(t), 'data');
    mkdirSync(dataDir, { mode: 0o555 });
    chmodSync(dataDir, 0o555);
    refused(
      t,
      await serve(t, ['--data-dir', dataDir, '--port', '0'], unprivileged),
      /^followup: cannot create the database in .*data: the folder is not writable by (user|uid) \S+ \(SQLITE_CANTOPEN\); give this user write access to the folder, or choose another folder with --data-dir/,
    );
    const nested = await serve(t, ['--data-dir', join(dataDir, 'sub'), '--port', '0'], unprivileged);
    refused(
      t,
      nested,
      /^followup: cannot create the data directory .*sub: .*data is not writable by .*\(EACCES\);.*--data-dir/,
    );
  },
);

t.test(
  'a read-only database: refused at start, instead of serving and failing every write',
  { skip: cannotDrop },
  async (t) => {
    const dataDir = join(scratch(t), 'data');
    const followup = Followup.open({ dataDir });
    await followup.close();
    chmodSync(dataDir, 0o777);
    chmodSync(join(dataDir, 'followup.db'), 0o444);
    refused(
      t,
      await serve(t, ['--data-dir', dataDir, '--port', '0'], unprivileged),
      /^followup: the database .*followup\.db is read-only for (user|uid) \S+ \(SQLITE_READONLY\); give this user write access to it, or choose another folder with --data-dir/,
    );
  },
);

t.test('a port in use: --port, and nothing recorded before failing', async (t) => {
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => taken.close());
  const port = (taken.address() as { port: number }).port;
  const dataDir = join(scratch(t), 'data');
  refused(
    t,
    await serve(t, ['--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1']),
    new RegExp(
      `^followup: port ${port} is already in use on 127\\.0\\.0\\.1 \\(EADDRINUSE\\); stop what listens there, or choose another port with --port \\(PORT\\)$`,
    ),
  );
  t.equal(eventCount(join(dataDir, 'followup.db')), 0, 'no admin token was recorded: the next start generates one');
});

t.test('a host that is not an address of this machine: --host', async (t) => {
  const run = await serve(t, ['--data-dir', join(scratch(t), 'data'), '--port', '0', '--host', '192.0.2.1']);
  refused(
    t,
    run,
    /^followup: 192\.0\.2\.1 is not an address of this machine \(EADDRNOTAVAIL\); choose one with --host \(HOST\)/,
  );
});
