/** `followup serve` as the bench runs it: a child process on a free local port, logging only warnings, unlimited. */
import type { ChildProcess } from 'node:child_process';
import { freePort, spawnNode } from './load.js';
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
