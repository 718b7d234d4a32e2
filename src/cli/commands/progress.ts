/** Progress on the terminal: a bar with count, rate and ETA on a TTY; a plain line every few seconds otherwise. */
import cliProgress from 'cli-progress';
import type { Progress } from '../../analysis/progress.js';

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
      const format =
        total > 0
          ? `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`
          : `${label} {value} ${unit} | {rate} ${unit}/s | {duration_formatted}`;
      bar = new cliProgress.SingleBar(
        { format, stream, hideCursor: true, etaBuffer: 50, fps: 5, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { rate: 0 });
    },
    update(done) {
      // An estimate (the log's head position) may be passed: grow the total rather than overflow the bar.
      if (total > 0 && done > total) {
        total = done;
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
    update(done) {
      if (Date.now() - last < EVERY_MS) return;
      last = Date.now();
      const of = total > 0 ? ` of ${Math.max(total, done)}` : '';
      stream.write(`${label}: ${done}${of} ${unit}, ${perSecond(done, since)} ${unit}/s\n`);
    },
    stop() {},
  };
}
