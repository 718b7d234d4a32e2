/**
 * `followup serve --readers N` over a real socket: reads are answered by reader processes, commands by the writer,
 * a write is seen by the next read whichever reader answers it, a reader killed is replaced, readers that keep
 * stopping stop the service with a reason, and a stop ends every process.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { ConfigError, defaultReaders, loadConfig } from '../../src/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = '9f3b6c2a8e1d4f7b0c5a2e9d6b3f8a1c';
// Three processes start from the sources: a minute on a busy machine.
t.setTimeout(600_000);

interface Server {
  child: ChildProcess;
  port: number;
  dataDir: string;
  /** Every log line so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Resolves with the first log line matching, waiting for it. */
  line(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function serve(t: Test, readers: number, given?: number): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'followup-readers-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const port = given ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'info',
    FOLLOWUP_ADMIN_TOKEN: ADMIN,
  };
  for (const name of ['PORT', 'HOST', 'FOLLOWUP_STORE', 'FOLLOWUP_READERS', 'FOLLOWUP_DATA_DIR']) delete env[name];
  const dataDir = join(dir, 'data');
  // The data directory on the command line names this server's processes, readers included.
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data-dir', dataDir, '--port', String(port)];
  args.push('--readers', String(readers));
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const parsed: Record<string, unknown>[] = [];
  const waiting = new Set<() => void>();
  let rest = '';
  const take = (chunk: Buffer) => {
    rest += chunk.toString('utf8');
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) {
      try {
        parsed.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        parsed.push({ text });
      }
    }
    for (const wake of [...waiting]) wake();
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of childrenOf(child.pid)) kill(pid, 'SIGKILL');
  });
  const line = (match: (line: Record<string, unknown>) => boolean, timeoutMs = 240_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const look = () => {
        const found = parsed.find(match);
        if (!found) return;
        waiting.delete(look);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiting.delete(look);
        reject(new Error(`no such log line within ${timeoutMs} ms: ${JSON.stringify(parsed.slice(-5))}`));
      }, timeoutMs);
      waiting.add(look);
      look();
    });
  return { child, port, dataDir, lines: () => parsed, line, exited };
}

function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The processes whose command line names this data directory (unique to the test). */
function processesOf(dataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own, so that the cluster hands each to the next reader. */
function send(port: number, method: string, path: string, options: { body?: unknown; id?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` };
    if (body) headers['content-type'] = 'application/json';
    if (options.id) headers['x-request-id'] = options.id;
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const report = (cycle: number) => ({
  state: 'KAZ',
  mechanism: 'CAT',
  cycle,
  symbol: `CAT/C/KAZ/${cycle}`,
  submittedOn: '2018-12-05',
  procedure: 'simplified',
});

/** The processes that logged a request (a command: the reader that passed it on, and the writer). */
async function handledBy(server: Server, id: string, last?: number): Promise<Set<number>> {
  await server.line((l) => l.reqId === id && (last === undefined || l.pid === last) && l.msg === 'request completed');
  return new Set(server.lines().flatMap((l) => (l.reqId === id ? [l.pid as number] : [])));
}

t.test('reads on reader processes see every write at once; a reader killed is replaced; a stop ends all', async (t) => {
  const server = await serve(t, 2);
  const started = await server.line((l) => l.msg === 'reader processes serve the reads; this one writes');
  const writer = started.writer as number;
  const readers = started.readers as number[];
  t.equal(readers.length, 2, 'two readers');
  t.equal(writer, server.child.pid, 'the process started writes');

  const readersSeen = new Set<number>();
  let elsewhere = 0;
  for (let cycle = 1; cycle <= 6; cycle++) {
    const written = await send(server.port, 'POST', '/v1/reports', { body: report(cycle), id: `write-${cycle}` });
    t.equal(written.status, 201, `report ${cycle} submitted`, { body: written.body });
    // Two reads on two new connections: the cluster hands them to both readers in turn.
    const readBy = new Set<number>();
    for (const n of [1, 2]) {
      const id = `read-${cycle}-${n}`;
      const read = await send(server.port, 'GET', `/v1/reports/cat-c-kaz-${cycle}`, { id });
      t.equal(read.status, 200, `report ${cycle} read back at once`, { body: read.body });
      t.match(JSON.parse(read.body), { id: `cat-c-kaz-${cycle}`, revision: 0 });
      for (const pid of await handledBy(server, id)) readBy.add(pid);
    }
    const wrote = await handledBy(server, `write-${cycle}`, writer);
    t.ok(wrote.has(writer), 'the command ran in the writer');
    const [via] = [...wrote].filter((pid) => pid !== writer);
    t.ok(readers.includes(via as number), 'passed on by a reader');
    for (const pid of readBy) readersSeen.add(pid);
    if ([...readBy].some((pid) => pid !== via)) elsewhere++;
  }
  t.strictSame([...readersSeen].sort(), [...readers].sort(), 'both readers answered reads');
  t.ok(elsewhere > 0, 'writes passed on by one reader were read through the other');
  const status = await send(server.port, 'GET', '/v1/states/KAZ/status');
  t.equal(status.status, 200);

  const [victim, survivor] = readers as [number, number];
  kill(victim, 'SIGKILL');
  await server.line((l) => l.msg === 'a reader process stopped; starting another' && l.reader === victim);
  const replacement = await server.line(
    (l) =>
      typeof l.msg === 'string' && l.msg.startsWith('Server listening at http') && !readers.includes(l.pid as number),
  );
  t.ok(alive(replacement.pid as number), 'a new reader took its place');
  t.ok(alive(survivor), 'the other reader served on');
  for (let n = 0; n < 4; n++) {
    t.equal((await send(server.port, 'GET', '/v1/reports/cat-c-kaz-1')).status, 200, 'reads go on');
  }

  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'a stop exits 0');
  t.notOk(alive(survivor) || alive(replacement.pid as number), 'the readers stopped with it');
});

t.test('readers that keep stopping stop the service, saying why', async (t) => {
  const server = await serve(t, 2);
  await server.line((l) => l.msg === 'reader processes serve the reads; this one writes');
  for (let round = 0; round < 6 && server.child.exitCode === null; round++) {
    for (const pid of childrenOf(server.child.pid)) kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  t.equal(await server.exited, 1, 'exit 1');
  const fatal = await server.line((l) => l.level === 60);
  t.match(fatal.msg, /^reader processes stopped \d+ times in 30 s/);
});

t.test('FOLLOWUP_READERS: a count of processes; by default one a core from four cores up', async (t) => {
  t.equal(defaultReaders(2), 1, 'two cores: one process, as before');
  t.equal(defaultReaders(4), 4);
  t.equal(defaultReaders(64), 16, 'at most 16 by default');
  t.equal(loadConfig({ FOLLOWUP_READERS: '3' }).readers, 3);
  t.throws(() => loadConfig({ FOLLOWUP_READERS: '0' }), ConfigError);
  t.throws(() => loadConfig({ FOLLOWUP_READERS: 'many' }), ConfigError);
});

t.test('a port in use with readers: one line naming the port and the flag, and no reader left behind', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => taken.close());
  const { port } = taken.address() as { port: number };
  const server = await serve(t, 2, port);
  t.equal(await server.exited, 1, 'exit 1');
  const refusal = await server.line((l) => typeof l.text === 'string' && l.text.startsWith('followup: '));
  t.equal(
    refusal.text,
    `followup: port ${port} is already in use on 127.0.0.1 (EADDRINUSE); stop what listens there, or choose another port with --port (PORT)`,
  );
  t.strictSame(processesOf(server.dataDir), [], 'no reader outlives the refusal');
});
