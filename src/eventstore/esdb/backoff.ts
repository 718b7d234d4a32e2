/** Delays between attempts to re-subscribe or reconnect: exponential, capped, with jitter so replicas spread out. */
export interface BackoffOptions {
  /** First delay, in ms. Default 100. */
  initial?: number;
  /** Longest delay, in ms. Default 10 000. */
  max?: number;
  /** A number in [0, 1); Math.random by default, fixed in tests. */
  random?: () => number;
}

/** The delay before attempt `attempt` (0 for the first retry): between half and all of min(max, initial·2^attempt). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initial ?? 100;
  const max = options.max ?? 10_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, initial * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Waits `ms`, or less if `signal` aborts first; never rejects. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
