/** The load generator (autocannon, in the bench process) and the child processes it drives. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon, { type Request } from 'autocannon';

/** A TCP port free on 127.0.0.1 now, for a child process to listen on (the system picks it, so runs never collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Each request in turn: path and body; cycles through them. */
  requests?: { path: string; body?: string }[];
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const { requests } = options;
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(requests
      ? {
          requests: [
            {
              setupRequest: (request: Request): Request => {
                const item = requests[next++ % requests.length]!;
                return { ...request, path: item.path, ...(item.body !== undefined ? { body: item.body } : {}) };
              },
            },
          ],
        }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** A node child process (stdout/stderr kept for diagnosis, not printed). */
export function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code) => {
    if (code && code !== 0 && !child.killed) process.stderr.write(`child ${script} exited ${code}:\n${output}\n`);
  });
  return child;
}

/** Polls until the URL answers 200; returns the milliseconds waited. */
export async function waitForHttp(url: string, timeoutMs: number, pollMs = 5): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Stops a child with SIGTERM (then SIGKILL after 10 s) and waits for it. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process now and at its peak, in MB (Linux /proc). */
export async function residentMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** User + system CPU time in a /proc stat file (a process's or a thread's), in clock ticks (USER_HZ, 100 a second). */
export function statTicks(stat: string): number {
  // The fields after the command's name (in parentheses, which may hold spaces): utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU time (user + system, every thread) a process has used, in microseconds (Linux /proc; `clock ticks` of 10 ms,
 * the kernel's USER_HZ); undefined where /proc is not there.
 */
export async function processCpuMicros(pid: number): Promise<number | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    return statTicks(await readFile(`/proc/${pid}/stat`, 'utf8')) * 10_000;
  } catch {
    return undefined;
  }
}
