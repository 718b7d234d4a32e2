/** `followup serve` as the bench runs it: a child process on a free local port, logging only warnings, unlimited. */
import type { ChildProcess } from 'node:child_process';
import { type Pin, pinApart } from './cores.js';
import { freePort, spawnNode, stop, waitForHttp } from './load.js';
import { MEMBER_STATES } from './world.js';

/** The `followup` command, built. */
export const FOLLOWUP_BIN = new URL('../../../bin/followup.js', import.meta.url).pathname;

/** P2's requests: every Member State's status in turn. */
export const STATUS_REQUESTS = MEMBER_STATES.map((state) => ({ path: `/v1/states/${state}/status` }));

/** The body of P1's i-th measure. */
export function measureBody(i: number): string {
  return JSON.stringify({
    title: `Bench measure ${i}`,
    institution: 'Ministry of Justice',
    implementedOn: '2026-06-30',
  });
}

export interface Serving {
  /** `http://127.0.0.1:port`. */
  base: string;
  child: ChildProcess;
  /** `performance.now()` when the process was spawned. */
  spawnedAt: number;
}

/**
 * Spawns `followup serve` on a data directory, with `env` added to the bench's settings. No per-token command limit
 * and no read limit: the benchmark drives one token far beyond what a person would.
 */
export async function spawnServe(
  dataDir: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Serving> {
  const port = await freePort();
  const settings = {
    FOLLOWUP_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    FOLLOWUP_RATE_LIMIT: '0',
    FOLLOWUP_READ_RATE_LIMIT: '0',
    ...env,
  };
  const spawnedAt = performance.now();
  const child = spawnNode(FOLLOWUP_BIN, ['serve'], settings, nodeArgs);
  return { base: `http://127.0.0.1:${port}`, child, spawnedAt };
}

/**
 * `run` against `followup serve` on a data directory (with `env`) once it answers ready, the server and this process
 * pinned apart as `pin` says; after, the server stopped and this process given back its cores. `run` is given the
 * base URL and the server's process id.
 */
export async function whileServing<T>(
  dataDir: string,
  env: Record<string, string>,
  pin: Pin | undefined,
  run: (base: string, pid: number) => Promise<T>,
): Promise<T> {
  const { base, child } = await spawnServe(dataDir, env);
  const pid = child.pid!;
  // Every thread of the server, and the processes it forks after (readers), keep to the server's cores.
  const unpin = pinApart(pid, pin);
  try {
    await waitForHttp(`${base}/ready`, 120_000, 20);
    return await run(base, pid);
  } finally {
    await stop(child);
    unpin();
  }
}
