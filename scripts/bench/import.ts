/**
 * The import bench: a UHRI-shaped full export of N records through `followup import uhri` on a fresh store, then the
 * same file again (which must append nothing). Each run is its own process under /usr/bin/time, for its peak RSS.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeUhriExport } from './uhri-export.js';

const BIN = new URL('../../../bin/followup.js', import.meta.url).pathname;

export interface ImportRun {
  seconds: number;
  /** User and system CPU time: on a shared machine, what the import itself cost. */
  cpuSeconds: number;
  peakRssMiB: number;
  /** The import's own summary lines. */
  summary: string;
}

export interface ImportFigures {
  records: number;
  fileMiB: number;
  first: ImportRun & { rowsPerSecond: number };
  again: ImportRun;
  /** The 1-minute load average before and after: the machine may be shared. */
  load: { before: number; after: number };
}

function run(file: string, dataDir: string): Promise<ImportRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      ['-f', 'TIME %e %M %U %S', process.execPath, BIN, 'import', 'uhri', file, '--allow-rejected'],
      { env: { ...process.env, FOLLOWUP_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const timed = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !timed) {
        reject(new Error(`import exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      const lines = stdout.trim().split('\n');
      resolve({
        seconds: Number(timed[1]),
        cpuSeconds: Math.round((Number(timed[3]) + Number(timed[4])) * 10) / 10,
        peakRssMiB: Math.round(Number(timed[2]) / 1024),
        summary: lines.slice(-2).join('\n'),
      });
    });
  });
}

export async function importBench(root: string, records: number, log: (line: string) => void): Promise<ImportFigures> {
  const folder = join(root, 'import');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'export-full-en.json');
  const began = performance.now();
  await writeUhriExport(file, records);
  const fileMiB = Math.round(statSync(file).size / 2 ** 20);
  log(
    `import: wrote ${records.toLocaleString('en')} records (${fileMiB} MiB) in ${Math.round(performance.now() - began)} ms`,
  );
  const before = loadavg()[0] ?? 0;
  const dataDir = join(folder, 'data');
  const first = await run(file, dataDir);
  log(
    `import: first run ${first.seconds} s (CPU ${first.cpuSeconds} s), peak RSS ${first.peakRssMiB} MiB\n${first.summary}`,
  );
  const again = await run(file, dataDir);
  log(
    `import: again ${again.seconds} s (CPU ${again.cpuSeconds} s), peak RSS ${again.peakRssMiB} MiB\n${again.summary}`,
  );
  const after = loadavg()[0] ?? 0;
  rmSync(folder, { recursive: true, force: true });
  return {
    records,
    fileMiB,
    first: { ...first, rowsPerSecond: Math.round(records / first.seconds) },
    again,
    load: { before: Math.round(before * 10) / 10, after: Math.round(after * 10) / 10 },
  };
}
