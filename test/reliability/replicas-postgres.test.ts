/**
 * Several service processes on one PostgreSQL log, as deployed: two `followup serve` replicas and a reader process
 * following the log, all real processes on a real server. Concurrent commands on one recommendation through both
 * replicas (contiguous revisions, none lost, a stale If-Match → 412, one Idempotency-Key appending once); `kill -9`
 * of one replica under load (nothing acknowledged lost, the other keeps serving, the restarted one catches up);
 * the reader sees the whole log in order; every replica's read models equal a rebuild from the log.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { scopedKey } from '../../src/app/commands/idempotency.js';
import { PostgresEventStore } from '../../src/eventstore/postgres/index.js';
import { openDatabase } from '../../src/eventstore/sqlite/index.js';
import { collect } from '../eventstore/fixtures.js';
import { testDatabase } from '../postgres/server.js';
import { liveAndRebuilt } from './read-models.js';
import { type Reply, type ServerProcess, send, startServer } from './server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = 'replica-test-admin-token-0123456789';
// Three server starts (one a restart) on a busy two-core machine.
t.setTimeout(300_000);

const url = await testDatabase(t, 'Replicas on PostgreSQL');

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilReady(server: ServerProcess): Promise<{ position: string }> {
  for (let i = 0; i < 600; i++) {
    const answer = await send(server.url, 'GET', '/ready', undefined).catch(() => undefined);
    if (answer?.status === 200) return answer.json;
    await wait(100);
  }
  throw new Error(`replica at ${server.url} never became ready:\n${server.output()}`);
}

/** The reader process: prints `<position> <stream> <revision>` per event it is given. */
function follow(log: string): { child: ChildProcess; lines: () => string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/postgres/follow-log.ts', log], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr?.resume();
  return { child, lines: () => text.split('\n').filter((line) => line !== '') };
}

const recommendation = (paragraph: string) => ({
  state: 'KAZ',
  mechanism: 'CCPR',
  symbol: 'CCPR/C/KAZ/CO/3',
  paragraph,
  text: `Recommendation ${paragraph}`,
  issuedOn: '2023-01-10',
  followUp: { deadline: '2024-01-10' },
});
const measure = (title: string) => ({ title, institution: 'Parliament', implementedOn: '2023-06-01' });

if (url !== undefined) {
  t.test('two replicas and a reader process on one PostgreSQL log', async (t) => {
    const log = `${url}?schema=service`;
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'followup-replica-')));
    t.teardown(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });
    const env = { FOLLOWUP_STORE: log, FOLLOWUP_ADMIN_TOKEN: ADMIN, FOLLOWUP_RATE_LIMIT: '0', LOG_LEVEL: 'warn' };
    const servers: (ServerProcess | undefined)[] = await Promise.all(dirs.map((dir) => startServer(dir, env)));
    t.teardown(() => Promise.all(servers.map((server) => server?.kill9())));
    await Promise.all(servers.map((server) => untilReady(server!)));
    const reader = follow(log);
    t.teardown(() => reader.child.kill('SIGKILL'));
    const store = await PostgresEventStore.connect(log, { poolSize: 2 });
    t.teardown(() => store.close());

    const [a, b] = servers as [ServerProcess, ServerProcess];
    const issue = async (body: unknown) => (await send(a.url, 'POST', '/v1/tokens', ADMIN, body)).json;
    const secretariat = await issue({ name: 'CCPR secretariat', role: 'secretariat' });
    const kaz = await issue({ name: 'NMIRF Kazakhstan', role: 'state', states: ['KAZ'] });
    /** Both replicas have applied the log up to its head now. */
    const converged = async (t: Test) => {
      const head = await store.headPosition();
      for (const server of servers) {
        const answer = await send(server!.url, 'GET', `/v1/states/KAZ/status?minPosition=${head}`, undefined).catch(
          (error) => {
            throw new Error(`${server!.url}: ${error}\n${server!.output()}`);
          },
        );
        t.equal(answer.status, 200, `caught up with ${head}`);
      }
      return head;
    };
    await converged(t);

    await t.test('two replicas, concurrent commands on one recommendation', async (t) => {
      const issued = await send(b.url, 'POST', '/v1/recommendations', secretariat.token, recommendation('1'));
      t.equal(issued.status, 201, 'issued on B');
      const id = issued.json.id as string;
      const path = `/v1/recommendations/${id}/measures`;
      await converged(t);

      const titles = Array.from({ length: 40 }, (_, i) => `Measure ${i}`);
      const answers = await Promise.all(
        titles.map((title, i) => send(servers[i % 2]!.url, 'POST', path, kaz.token, measure(title))),
      );
      t.same(
        answers.map((answer) => answer.status),
        titles.map(() => 200),
        '40 concurrent commands without If-Match, half on each replica: every one appended',
      );
      const events = await collect(store.readStream(`recommendation-${id}`));
      t.same(
        events.map((event) => event.revision),
        Array.from({ length: 41 }, (_, i) => i),
        'revisions contiguous',
      );
      t.same(
        events
          .slice(1)
          .map((event) => (event.data as { title: string }).title)
          .sort(),
        [...titles].sort(),
        'none lost, none twice',
      );

      const stale = { 'if-match': 'W/"40"' };
      const raced = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          send(servers[i % 2]!.url, 'POST', path, kaz.token, measure(`Guarded ${i}`), stale),
        ),
      );
      const statuses = raced.map((answer) => answer.status).sort();
      t.same(statuses, [200, ...Array(9).fill(412)], 'ten commands naming revision 40: one appended, nine 412');
      const late = await Promise.all(
        servers.map((server) => send(server!.url, 'POST', path, kaz.token, measure('Late'), stale)),
      );
      t.same(
        late.map((answer) => answer.status),
        [412, 412],
        'the stale revision is 412 on both replicas',
      );

      const keyed = { 'idempotency-key': `replicas-${id}` };
      const retries = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          send(servers[i % 2]!.url, 'POST', path, kaz.token, measure('Keyed'), keyed),
        ),
      );
      t.same(
        retries.map((answer) => answer.status),
        Array(6).fill(200),
        'one Idempotency-Key sent six times at once through both replicas: all answered',
      );
      t.ok(
        retries.every((answer) => JSON.stringify(answer.json) === JSON.stringify(retries[0]!.json)),
        'with the same answer',
      );
      const scoped = scopedKey(
        { kind: 'token', tokenId: kaz.id, name: '', role: 'state', states: [] },
        keyed['idempotency-key'],
      );
      const stored = (await collect(store.readStream(`recommendation-${id}`))).filter(
        (event) => event.metadata.idempotency?.key === scoped,
      );
      t.equal(stored.length, 1, 'and one event appended');
      const other = await send(a.url, 'POST', path, kaz.token, measure('Other'), keyed);
      t.equal(other.status, 422, 'the key with another request is refused');

      const head = await converged(t);
      const views = await Promise.all(
        servers.map((server) => send(server!.url, 'GET', `/v1/recommendations/${id}?minPosition=${head}`, undefined)),
      );
      t.same(views[0]!.json, views[1]!.json, 'both replicas answer the same recommendation');
      t.equal(views[0]!.json.measures.length, 42);
    });

    await t.test('kill -9 of one replica under load', async (t) => {
      const ids: string[] = [];
      for (let n = 0; n < 6; n++) {
        const issued = await send(b.url, 'POST', '/v1/recommendations', secretariat.token, recommendation(`k${n}`));
        ids.push(issued.json.id);
      }
      await converged(t);
      const WRITERS = 6;
      // The load goes on until the restarted replica has answered this many commands itself (bounded).
      const AFTER_RESTART = 24;
      const MAX_COMMANDS = 1500;
      type Phase = 'before the kill' | 'while A was down' | 'after the restart';
      interface Sent {
        key: string;
        path: string;
        ack?: Reply;
        by?: string;
        cut: number;
      }
      const sent: Sent[] = [];
      let phase: Phase = 'before the kill';
      const answered = new Map<string, number>();
      const failures: string[] = [];
      let restarted: Promise<void> | undefined;
      let down = { killedAt: 0, readyAt: 0 };
      const count = (label: string) => answered.set(label, (answered.get(label) ?? 0) + 1);
      const writer = async (w: number) => {
        for (let n = w; n < MAX_COMMANDS; n += WRITERS) {
          if ((answered.get('A after the restart') ?? 0) >= AFTER_RESTART) return;
          const command: Sent = {
            key: `load-${n}`,
            path: `/v1/recommendations/${ids[n % ids.length]}/measures`,
            cut: 0,
          };
          sent.push(command);
          for (let attempt = 0; !command.ack && attempt < 100; attempt++) {
            const atSend = phase;
            const onA = atSend !== 'while A was down' && (n + attempt) % 2 === 0;
            const name = onA ? 'A' : 'B';
            try {
              const answer = await send(
                servers[onA ? 0 : 1]!.url,
                'POST',
                command.path,
                kaz.token,
                measure(command.key),
                {
                  'idempotency-key': command.key,
                },
              );
              if (answer.status >= 500) failures.push(`${name} ${answer.status} ${JSON.stringify(answer.json)}`);
              else {
                command.ack = answer;
                command.by = name;
                count(`${name} ${atSend === phase ? atSend : 'across phases'}`);
              }
            } catch {
              // The connection was cut (A killed): not acknowledged; the client retries with its key.
              command.cut++;
              await wait(20);
            }
          }
          // The kill, once 60 commands are acknowledged; A restarts at once, and the load goes on meanwhile.
          if (!restarted && sent.filter((c) => c.ack).length >= 60) {
            phase = 'while A was down';
            restarted = (async () => {
              await servers[0]!.kill9();
              down = { killedAt: Date.now(), readyAt: 0 };
              servers[0] = await startServer(dirs[0]!, env);
              await untilReady(servers[0]);
              down.readyAt = Date.now();
              phase = 'after the restart';
            })();
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await restarted;
      t.same(failures, [], 'no 5xx from either replica');
      t.ok(
        sent.every((c) => c.ack?.status === 200),
        `every one of ${sent.length} commands acknowledged 200`,
      );
      t.ok((answered.get('B while A was down') ?? 0) > 0, 'B kept serving while A was down');
      t.ok((answered.get('A after the restart') ?? 0) >= AFTER_RESTART, 'the restarted A serves again');

      const byKey = new Map<string, { position: string }[]>();
      for await (const event of store.readAll()) {
        const key = event.metadata.idempotency?.key;
        if (key) byKey.set(key, [...(byKey.get(key) ?? []), event]);
      }
      const tokenOf = { kind: 'token', tokenId: kaz.id, name: '', role: 'state', states: [] } as const;
      const lost = sent.filter((c) => {
        const stored = byKey.get(scopedKey(tokenOf, c.key)) ?? [];
        return stored.length !== 1 || stored[0]!.position !== c.ack?.json.position;
      });
      t.same(
        lost.map((c) => c.key),
        [],
        'each acknowledged command is in the log once, at the position it was acknowledged with',
      );
      const head = await converged(t);
      const cut = sent.filter((c) => c.cut > 0).length;
      t.comment(
        `kill -9 figures: ${sent.length} commands from ${WRITERS} writers, answered ` +
          `${[...answered].map(([label, n]) => `${n} by ${label}`).join(', ')}; ${cut} cut off by the kill and ` +
          `retried with their key; A down ${((down.readyAt - down.killedAt) / 1000).toFixed(1)} s from kill to ` +
          `ready (restart and catch-up); both replicas at ${head}; 0 acknowledged lost`,
      );
    });

    await t.test('the reader process followed the whole log while the replicas wrote', async (t) => {
      const head = Number(await store.headPosition());
      for (let i = 0; i < 200 && reader.lines().length < head; i++) await wait(50);
      reader.child.kill('SIGTERM');
      const expected = (await collect(store.readAll())).map((e) => `${e.position} ${e.stream} ${e.revision}`);
      t.same(reader.lines(), expected, `${head} events, in order, none skipped or repeated`);
    });

    await t.test("each replica's read models equal a rebuild from the log", async (t) => {
      await Promise.all(servers.map((server) => server?.stop()));
      for (const [i, dir] of dirs.entries()) {
        const db = openDatabase(join(dir, 'replica.db'), { readonly: true });
        try {
          const { live, rebuilt, rows } = await liveAndRebuilt(db, store);
          t.strictSame(live, rebuilt, `replica ${i === 0 ? 'A (restarted)' : 'B'}: ${rows} rows`);
        } finally {
          db.close();
        }
      }
    });
  });
}
