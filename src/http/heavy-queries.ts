import { Busy } from './problem.js';

/** A heavy query that finds every place taken is told to come back in this many seconds. */
const RETRY_AFTER_SECONDS = 2;

/**
 * How many heavy queries (a whole-log export, a recommendation's whole history) run at once: beyond the bound, the
 * next one is refused at once with 503 and Retry-After rather than queued, so a burst of them cannot take the
 * memory and the event loop that /health and commands need (docs/reliability.md, "Limits").
 */
export class HeavyQueries {
  #running = 0;

  constructor(private readonly limit: number) {}

  get running(): number {
    return this.#running;
  }

  /** Takes a place, or throws Busy; the function returned gives it back (once, however often called). */
  enter(what: string): () => void {
    if (this.#running >= this.limit) {
      throw new Busy(
        `${this.limit} heavy queries (exports, whole histories) are running: ${what} cannot start now`,
        RETRY_AFTER_SECONDS,
      );
    }
    this.#running += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#running -= 1;
    };
  }
}
