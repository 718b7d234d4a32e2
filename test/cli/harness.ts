/** The analysis commands run in process, on a data directory of their own, with their output captured. */
import { PassThrough } from 'node:stream';
import type { CommandIo } from '../../src/cli/commands/shared.js';
import { type Config, loadConfig } from '../../src/config.js';

export interface Captured extends CommandIo {
  out(): string;
  err(): string;
}

export function captureIo(): Captured {
  const stdout = new PassThrough();
  let out = '';
  stdout.setEncoding('utf8');
  stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  let err = '';
  return {
    stdout,
    stderr: {
      write: (text: string) => {
        err += text;
      },
    },
    out: () => out,
    err: () => err,
  };
}

/** The configuration the CLI builds from `--data-dir <dir>` (the environment's other settings at their defaults). */
export const configFor = (dataDir: string): Config => loadConfig({ FOLLOWUP_DATA_DIR: dataDir });
