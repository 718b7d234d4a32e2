/** Progress on the terminal: a bar with count, rate and ETA on a TTY; a plain line every few seconds otherwise. */
import cliProgress from 'cli-progress';
import type { Progress } from '../../app/progress.js';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

const EVERY_MS = 2000;

export function progressOn(stream: Output, label: string, unit: string): Progress {
  return stream.isTTY ? barProgress(stream as NodeJS.WritableStream, label, unit) : lineProgress(stream, label, unit);
}

function perSecond(done: number, since: number): number {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
}

function barProgress(stream: NodeJS.WritableStream, label: string, unit: string): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let since = Date.now();
  let total = 0;
  return {
    start(estimate) {
      since = Date.now();
      total = estimate ?? 0;
      // Without a total yet (an import estimates it as it reads), the bar starts at 1 and grows.
      const format = `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`;
      bar = new cliProgress.SingleBar(
        { format, stream, hideCursor: true, etaBuffer: 50, fps: 5, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0, { rate: 0 });
    },
    update(done, estimate) {
      // A better estimate replaces the total; an estimate exceeded (the log's head) grows to the count.
      const next = Math.max(estimate ?? total, done, 1);
      if (next !== total) {
        total = next;
        bar?.setTotal(total);
      }
      bar?.update(done, { rate: perSecond(done, since) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function lineProgress(stream: Output, label: string, unit: string): Progress {
  let since = Date.now();
  let last = Date.now();
  let total = 0;
  return {
    start(estimate) {
      since = last = Date.now();
      total = estimate ?? 0;
    },
    update(done, estimate) {
      if (estimate !== undefined) total = estimate;
      if (Date.now() - last < EVERY_MS) return;
      last = Date.now();
      const of = total > 0 ? ` of ~${Math.max(total, done)}` : '';
      stream.write(`${label}: ${done}${of} ${unit}, ${perSecond(done, since)} ${unit}/s\n`);
    },
    stop() {},
  };
}
