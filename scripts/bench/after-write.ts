/**
 * Reads right after a write, one at a time, as a dashboard polling during data entry makes them: `GET /v1/states`,
 * a State's status and a search, each answered once (and kept), then asked again after a measure on another State's
 * recommendation, and after a write about no recommendation (an institution). Each read's wall time and the server's
 * CPU time for it (from /proc) are reported, the median of the rounds.
 *
 * `node dist/scripts/bench/after-write.js --world DIR [--bin bin/followup.js] [--rounds 5] [--a CHL] [--b FRA]`:
 * the world's `followup.db` is copied to a scratch directory first (the world itself is never opened), and the
 * server started on the copy with `--bin` (another build's `bin/followup.js` measures the code before a change).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, spawnNode, stop, waitForHttp } from './load.js';
import { MEMBER_STATES } from './world.js';

const TOKEN = 'after-write-bench-admin-token-0123456789';

/** CPU time of a process, every thread's, in ms (Linux /proc/PID/task/TID/schedstat: nanoseconds on a CPU). */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return ns / 1e6;
}

interface Timed {
  ms: number;
  cpuMs: number;
  status: number;
  bytes: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      world: { type: 'string' },
      bin: { type: 'string', default: new URL('../../../bin/followup.js', import.meta.url).pathname },
      rounds: { type: 'string', default: '5' },
      a: { type: 'string', default: 'CHL' },
      b: { type: 'string', default: 'FRA' },
    },
  });
  if (!values.world) throw new Error('--world DIR (a generated world: its followup.db is copied, never opened)');
  const dir = mkdtempSync(join(tmpdir(), 'followup-after-write-'));
  const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
  try {
    copyFileSync(join(values.world, 'followup.db'), join(dir, 'followup.db'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const settings = {
      FOLLOWUP_DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      FOLLOWUP_RATE_LIMIT: '0',
      FOLLOWUP_READ_RATE_LIMIT: '0',
      FOLLOWUP_ADMIN_TOKEN: TOKEN,
    };
    const startedCpu = performance.now();
    const child = spawnNode(values.bin, ['serve'], settings);
    try {
      const ready = await waitForHttp(`${base}/ready`, 30 * 60_000, 200);
      const pid = child.pid!;
      log(
        `ready after ${Math.round(ready)} ms (${Math.round(performance.now() - startedCpu)} ms), CPU ${cpuMs(pid)} ms`,
      );
      const timed = async (path: string, init: RequestInit = {}): Promise<Timed> => {
        const cpu = cpuMs(pid);
        const started = performance.now();
        const response = await fetch(`${base}${path}`, init);
        const body = await response.arrayBuffer();
        const ms = performance.now() - started;
        // Read once the process is done with the request (its logging, its socket).
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ms, cpuMs: cpuMs(pid) - cpu, status: response.status, bytes: body.byteLength };
      };
      /** Every Member State's status in turn, as a dashboard of them all polls: one row, the sums. */
      const everyStatus = async (): Promise<Timed> => {
        const cpu = cpuMs(pid);
        const started = performance.now();
        let bytes = 0;
        for (const state of MEMBER_STATES) {
          const response = await fetch(`${base}/v1/states/${state}/status`);
          if (!response.ok) throw new Error(`${state}: ${response.status}`);
          bytes += (await response.arrayBuffer()).byteLength;
        }
        const ms = performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ms, cpuMs: cpuMs(pid) - cpu, status: 200, bytes };
      };
      const post = (path: string, body: unknown) =>
        timed(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const firstOf = async (state: string) => {
        const page = (await (await fetch(`${base}/v1/recommendations?state=${state}&limit=1`)).json()) as {
          items: { id: string }[];
        };
        const id = page.items[0]?.id;
        if (!id) throw new Error(`no recommendation of ${state} in the world`);
        return id;
      };
      const onA = await firstOf(values.a);
      const statusA = `/v1/states/${values.a}/status`;
      const statusB = `/v1/states/${values.b}/status`;
      const reads = {
        states: '/v1/states',
        statusA,
        statusB,
        search: '/v1/recommendations?q=torture',
        'search, one State': '/v1/recommendations?q=torture&state=KAZ',
      };
      const rows: Record<string, Timed[]> = {};
      const note = (name: string, result: Timed) => {
        if (result.status >= 300) throw new Error(`${name}: ${result.status}`);
        rows[name] = [...(rows[name] ?? []), result];
      };
      for (const [name, path] of Object.entries(reads)) note(`${name}, first in the process`, await timed(path));
      note('every status, first in the process', await everyStatus());
      const loads = [loadavg()[0]];
      for (let round = 0; round < Number(values.rounds); round++) {
        for (const [name, path] of Object.entries(reads)) note(`${name}, kept`, await timed(path));
        note('every status, kept', await everyStatus());
        note(
          'measure on A (POST)',
          await post(`/v1/recommendations/${onA}/measures`, {
            title: `After-write measure ${round}`,
            institution: 'Ministry of Justice',
            implementedOn: '2026-06-30',
          }),
        );
        for (const [name, path] of Object.entries(reads)) note(`${name}, after a measure on A`, await timed(path));
        note('every status, after a measure on A', await everyStatus());
        note(
          'institution of A (POST)',
          await post('/v1/institutions', {
            state: values.a,
            name: `After-write institution ${round} ${Date.now()}`,
            kind: 'ministry',
          }),
        );
        for (const [name, path] of Object.entries(reads)) note(`${name}, after an institution`, await timed(path));
        note('every status, after an institution', await everyStatus());
        loads.push(loadavg()[0]);
      }
      const table = Object.entries(rows).map(([name, results]) => ({
        read: name,
        n: results.length,
        ms: Number(median(results.map((r) => r.ms)).toFixed(1)),
        cpuMs: Number(median(results.map((r) => r.cpuMs)).toFixed(2)),
        cpuMsAll: results.map((r) => r.cpuMs.toFixed(1)).join(' '),
        bytes: median(results.map((r) => r.bytes)),
      }));
      console.table(table);
      console.log(
        JSON.stringify({
          bin: values.bin,
          a: values.a,
          b: values.b,
          loads: loads.map((l) => (l ?? 0).toFixed(1)),
          table,
        }),
      );
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
