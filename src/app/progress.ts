/** What a long analysis task reports as it goes; the CLI draws it, tests ignore it. */
export interface Progress {
  /** The total is known (or estimated) once it is. */
  start(total?: number): void;
  /** Items done so far, and a better estimate of the total when there is one. */
  update(done: number, total?: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };
