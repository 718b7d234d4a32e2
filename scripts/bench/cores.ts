/** The cores a measured server and the load generator (this process) run on, kept apart with `taskset`. */
import { execFileSync } from 'node:child_process';

/** The cores for the server's threads and for the load generator, in `taskset`'s list form (`0`, `1-3`, `0,1`). */
export interface Pin {
  server: string;
  load: string;
}

/** Pins this process (the load generator) to `cores`; returns the affinity it had. */
function pinSelf(cores: string): string {
  const before = execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' })
    .split(':')
    .at(-1)
    ?.trim();
  execFileSync('taskset', ['-cp', cores, String(process.pid)], { stdio: 'ignore' });
  return before ?? '';
}

/**
 * Keeps every thread of the server `pid`, and the processes it forks after, to `pin.server`, and this process to
 * `pin.load` when those are other cores; nothing without a pin. The function returned gives this process back the
 * cores it had.
 */
export function pinApart(pid: number, pin: Pin | undefined): () => void {
  if (pin) execFileSync('taskset', ['-a', '-cp', pin.server, String(pid)], { stdio: 'ignore' });
  const restore = pin && pin.load !== pin.server ? pinSelf(pin.load) : undefined;
  return () => {
    if (restore) execFileSync('taskset', ['-cp', restore, String(process.pid)], { stdio: 'ignore' });
  };
}
