import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { benchRoot } from '../generate.js';
import { importBench } from '../import.js';
import { log, quick, values } from '../run.js';

/** `npm run bench -- --import [--records N]`: the UHRI full-export import alone, against its goals. */
export async function importOnly(): Promise<void> {
  const records = Number(values.records ?? (quick ? 20_000 : 270_000));
  log(`followup import bench — ${records.toLocaleString('en')} UHRI records; ${availableParallelism()} cores`);
  mkdirSync(benchRoot(), { recursive: true });
  const figures = await importBench(benchRoot(), records, log);
  const goal = (ok: boolean) => (ok ? 'meets' : 'MISSES');
  const lines = [
    `records            ${figures.records.toLocaleString('en')} (${figures.fileMiB} MiB of JSON)`,
    `import             ${figures.first.seconds} s, ${figures.first.rowsPerSecond.toLocaleString('en')} rows/s, CPU ${figures.first.cpuSeconds} s (goal < 60 s: ${goal(figures.first.seconds < 60)})`,
    `peak RSS           ${figures.first.peakRssMiB} MiB (goal ≤ 500 MB: ${goal(figures.first.peakRssMiB * 1.048576 <= 500)})`,
    `re-import          ${figures.again.seconds} s, CPU ${figures.again.cpuSeconds} s, peak RSS ${figures.again.peakRssMiB} MiB (goal ≤ 15 s: ${goal(figures.again.seconds <= 15)})`,
    `load average (1m)  ${figures.load.before} before, ${figures.load.after} after, on ${availableParallelism()} cores`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
}
