/** P1–P6 for this service over a working copy of the generated store, served by a real child process. */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ReadModels } from '../../projections/index.js';
import { Followup } from '../../src/app/followup.js';
import { rebuildReadModels } from '../../src/app/rebuild/rebuild.js';
import { openDatabase } from '../../src/eventstore/sqlite/database.js';
import { benchRoot, type GeneratedStore } from './generate.js';
import { type LoadResult, load, processCpuMicros, residentMemory, stop, waitForHttp } from './load.js';
import { measureBody, STATUS_REQUESTS, spawnServe } from './serve.js';
import { MEMBER_STATES, random } from './world.js';

export interface ServedFigures {
  /** P4: milliseconds from spawning `followup serve` to `/ready` answering 200. */
  startupMs: number;
  /** P2: GET /v1/states/{state}/status, every Member State in turn. */
  status: LoadResult;
  /** P5: resident memory of the serving process after the read load, and its peak over the whole run. */
  memory: { rss: number; peak: number };
  /** P1: POST /v1/recommendations/{id}/measures over 1,000 recommendations. */
  measures: LoadResult;
  /** P1: CPU of the serving process (all its threads) per command answered, µs; undefined without /proc. */
  measureCpuUs: number | undefined;
  /** P8: GET /v1/recommendations?q=, the searches of SEARCHES in turn. */
  search: LoadResult;
}

/**
 * P8's searches, as readers of the index ask them: a word, a phrase, a prefix, two words, each alone or with the
 * filters a reader narrows by (State, mechanism, years). The generated texts name ten themes, so one word matches
 * about a fifth of all recommendations: the ranking and the facets count that many each time.
 */
export const SEARCHES: readonly string[] = [
  'q=torture',
  'q=torture&state=KAZ',
  'q=%22gender%20equality%22&yearFrom=2015',
  'q=detent*&mechanism=CAT',
  'q=migrants%20AND%20health',
  'q=children&state=UZB&yearFrom=2015&yearTo=2020',
  'q=%22freedom%20of%20expression%22&mechanism=UPR',
  'q=poverty%20OR%20disability&state=KGZ',
].map((query) => `/v1/recommendations?${query}&limit=20`);

/** A scratch copy of the generated store: the run writes to it, the cached original stays as built. */
export function workingCopy(generated: GeneratedStore): string {
  mkdirSync(benchRoot(), { recursive: true });
  const dir = mkdtempSync(join(benchRoot(), 'run-'));
  copyFileSync(generated.file, join(dir, 'followup.db'));
  return dir;
}

/** `run` on a working copy of the generated store, removed when it has ended (or failed). */
export async function onWorkingCopy<T>(
  generated: GeneratedStore,
  run: (dataDir: string) => T | Promise<T>,
): Promise<T> {
  const dir = workingCopy(generated);
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An admin token for the run and 1,000 recommendations to record measures on. */
export async function prepare(dataDir: string): Promise<{ secret: string; ids: string[] }> {
  const followup = Followup.open({ dataDir });
  try {
    const system = { kind: 'token', tokenId: 'bench', name: 'bench', role: 'admin', states: [] } as const;
    const issued = await followup.tokens.issue(
      { principal: system, correlationId: randomUUID(), causationId: randomUUID() },
      { name: 'bench', role: 'admin' },
    );
    const rows = followup.db.prepare('SELECT id FROM recommendations ORDER BY random() LIMIT 1000').all() as {
      id: string;
    }[];
    return { secret: issued.token, ids: rows.map((row) => row.id) };
  } finally {
    await followup.close();
  }
}

/** The note beside P1's p99: its median, and the serving process's CPU per command where it was measured. */
export function measuresNote(figures: Pick<ServedFigures, 'measures' | 'measureCpuUs'>): string {
  const cpu = figures.measureCpuUs === undefined ? '' : `, server CPU ${figures.measureCpuUs} µs a command`;
  return `p50 ${figures.measures.p50} ms${cpu}`;
}

/** The loads `served` drives; all of them unless asked for fewer (`--only`). */
export type ServedLoad = 'status' | 'measures' | 'search';

const NOT_RUN: LoadResult = { requestsPerSecond: 0, p50: 0, p99: 0, errors: 0, requests: 0 };

/**
 * P4, P2, P5, P1 and P8, in that order, against one `followup serve` process on the working copy; a load not in
 * `loads` is not run, and its figures are zero.
 */
export async function served(
  dataDir: string,
  seconds: number,
  connections: number,
  nodeArgs: string[] = [],
  loads: ReadonlySet<ServedLoad> = new Set(['status', 'measures', 'search']),
): Promise<ServedFigures> {
  const { secret, ids } = await prepare(dataDir);
  const { base, child, spawnedAt } = await spawnServe(dataDir, {}, nodeArgs);
  try {
    await waitForHttp(`${base}/ready`, 60_000, 2);
    const startupMs = performance.now() - spawnedAt;
    const status = !loads.has('status')
      ? NOT_RUN
      : await load({ url: base, connections, seconds, requests: STATUS_REQUESTS });
    const memory = await residentMemory(child.pid!);
    const cpuBefore = await processCpuMicros(child.pid!);
    const measures = !loads.has('measures')
      ? NOT_RUN
      : await load({
          url: base,
          connections,
          seconds,
          method: 'POST',
          headers: { authorization: `Bearer ${secret}` },
          requests: ids.map((id, i) => ({ path: `/v1/recommendations/${id}/measures`, body: measureBody(i) })),
        });
    const cpuAfter = await processCpuMicros(child.pid!);
    const measureCpuUs =
      cpuBefore === undefined || cpuAfter === undefined || measures.requests === 0
        ? undefined
        : Math.round((cpuAfter - cpuBefore) / measures.requests);
    // Search last: its slowest queries still hold the event loop after the load stops, and would be measured as
    // the commands' own latency.
    const search = !loads.has('search')
      ? NOT_RUN
      : await load({ url: base, connections, seconds, requests: SEARCHES.map((path) => ({ path })) });
    const after = await residentMemory(child.pid!);
    return { startupMs, status, memory: { rss: memory.rss, peak: after.peak }, measures, measureCpuUs, search };
  } finally {
    await stop(child);
  }
}

/** P8 alone (`npm run bench -- --only P8`): the searches against one `followup serve` process on the working copy. */
export async function servedSearch(dataDir: string, seconds: number, connections: number): Promise<LoadResult> {
  const { base, child } = await spawnServe(dataDir);
  try {
    await waitForHttp(`${base}/ready`, 60_000, 2);
    return await load({ url: base, connections, seconds, requests: SEARCHES.map((path) => ({ path })) });
  } finally {
    await stop(child);
  }
}

/** P6: one State's status as of a random past day, for random States; latencies in ms. */
export function statusAsOf(dataDir: string, queries: number): { p50: number; p99: number; queries: number } {
  const db = openDatabase(join(dataDir, 'followup.db'), { readonly: true });
  try {
    const readModels = new ReadModels(db);
    const rnd = random(11);
    const start = Date.UTC(2008, 0, 1);
    const span = Date.UTC(2026, 5, 30) - start;
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const state = MEMBER_STATES[Math.floor(rnd() * MEMBER_STATES.length)]!;
      const asOf = new Date(start + Math.floor(rnd() * span)).toISOString().slice(0, 10);
      const t = performance.now();
      readModels.stateStatus(state, asOf);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { p50: at(0.5), p99: at(0.99), queries };
  } finally {
    db.close();
  }
}

/** P3: `followup replay`'s rebuild of every read model, on the working copy (it swaps them in place). */
export async function rebuild(dataDir: string): Promise<{ events: number; eventsPerSecond: number }> {
  const db = openDatabase(join(dataDir, 'followup.db'));
  try {
    const result = await rebuildReadModels(db, { scratchDir: benchRoot() });
    return { events: result.events, eventsPerSecond: result.eventsPerSecond };
  } finally {
    db.close();
  }
}

/**
 * P8 cold: each of SEARCHES once, in this process on the working copy, by a search model that kept nothing (what a
 * search costs the first time at a position of the log: counted, ranked, its facets counted); milliseconds.
 */
export function searchCold(dataDir: string): { search: string; ms: number; total: number }[] {
  const db = openDatabase(join(dataDir, 'followup.db'), { readonly: true });
  try {
    return SEARCHES.map((path) => {
      const asked = new URLSearchParams(path.split('?')[1]);
      const number = (name: string) => (asked.has(name) ? Number(asked.get(name)) : undefined);
      const filter = {
        q: asked.get('q')!,
        limit: number('limit') ?? 20,
        today: new Date().toISOString().slice(0, 10),
        ...(asked.has('state') && { state: asked.get('state')! }),
        ...(asked.has('mechanism') && { mechanism: asked.get('mechanism')! }),
        ...(asked.has('yearFrom') && { yearFrom: number('yearFrom')! }),
        ...(asked.has('yearTo') && { yearTo: number('yearTo')! }),
      };
      const models = new ReadModels(db);
      const t = performance.now();
      const page = models.searchRecommendations(filter);
      return { search: decodeURIComponent(path), ms: performance.now() - t, total: page.facets?.total ?? 0 };
    });
  } finally {
    db.close();
  }
}
