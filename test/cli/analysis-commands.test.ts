/** import, export, replay, status and verify as the command line runs them, on a real data directory. */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import t, { type Test } from 'tap';
import { serviceProjections } from '../../projections/index.js';
import { Followup } from '../../src/app/followup.js';
import { dumpReadModels } from '../../src/app/rebuild/rebuild.js';
import { runExport } from '../../src/cli/commands/export.js';
import { runImportUhri } from '../../src/cli/commands/import.js';
import { REJECTED_EXIT } from '../../src/cli/commands/import-help.js';
import { runReplay } from '../../src/cli/commands/replay.js';
import { runStatus } from '../../src/cli/commands/status.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import { BAD_ROWS, GOOD_ROWS, tempDir, writeXlsx } from '../app/import/uhri-fixtures.js';
import { captureIo, configFor } from './harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function loaded(t: Test) {
  const dir = tempDir(t, 'followup-cli-');
  const data = join(dir, 'data');
  const file = join(dir, 'uhri.xlsx');
  await writeXlsx(file, [...GOOD_ROWS, BAD_ROWS[1]!.row]);
  const io = captureIo();
  t.equal(await runImportUhri(configFor(data), file, io, { allowRejected: true }), 0, '--allow-rejected: exit 0');
  return { dir, data, file, io };
}

t.test('import prints each rejected row and the summary; a second run imports nothing', async (t) => {
  const { data, file, io } = await loaded(t);
  t.match(io.out(), /^row 8: unknown State concerned "Atlantis"$/m);
  t.match(io.out(), /^7 records \(xlsx\): 6 recorded, 0 skipped as not recommendations, 1 rejected$/m);
  t.match(io.out(), /^recommendations: 6 new, 0 changed, 0 already recorded$/m);
  t.match(io.err(), /^$|import: /, 'progress lines, if any, on standard error');
  t.equal(io.err().match(/rejected/), null, 'with --allow-rejected, no word of the exit');
  const again = captureIo();
  t.equal(await runImportUhri(configFor(data), file, again), REJECTED_EXIT, 'a rejected row: non-zero exit');
  t.match(again.out(), /^recommendations: 0 new, 0 changed, 6 already recorded$/m);
  t.match(again.err(), /1 rejected \(listed above\); the others were recorded\. Exit 2: pass --allow-rejected/);
});

t.test('export: NDJSON and CSV, by State, type and position, to standard output or a file', async (t) => {
  const { dir, data } = await loaded(t);
  const ndjson = captureIo();
  t.equal(await runExport(configFor(data), { format: 'ndjson' }, ndjson), 0);
  const events = ndjson
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  t.equal(events.length, 8, 'six recommendations and two UPR responses');
  t.match(events[0], {
    position: '1',
    revision: 0,
    type: 'RecommendationIssued',
    metadata: { hash: /^[0-9a-f]{64}$/ },
  });

  const kaz = captureIo();
  await runExport(configFor(data), { format: 'ndjson', state: 'Kazakhstan' }, kaz);
  t.equal(kaz.out().trim().split('\n').length, 6, 'four KAZ recommendations and two responses');

  const responses = captureIo();
  await runExport(configFor(data), { format: 'ndjson', type: ['RecommendationResponded'], after: '3' }, responses);
  const positions = responses
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).position);
  t.ok(positions.length === 2 && positions.every((p: string) => Number(p) > 3));

  const out = join(dir, 'events.csv');
  const csv = captureIo();
  t.equal(await runExport(configFor(data), { format: 'csv', state: 'TUR', out }, csv), 0);
  const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
  t.equal(rows.length, 1);
  t.match(rows[0], {
    type: 'RecommendationIssued',
    stream: 'recommendation-a-hrc-37-50-add-1-88',
    actor: /UHRI import/,
  });
  t.equal(JSON.parse(rows[0]!.data!).state, 'TUR', 'the data as JSON in one cell');
  t.match(
    rows[0],
    { 'data.state': 'TUR', 'data.symbol': 'A/HRC/37/50/Add.1', 'data.paragraph': '88', 'data.mechanism': 'SP' },
    'and flattened beside it, a column per field',
  );
  t.match(rows[0]!['data.text'], /\w/, 'the text in a column of its own');
  t.equal(rows[0]!['data.grade'], '', 'a field this event does not have is empty');
  const typo = captureIo();
  await runExport(configFor(data), { format: 'ndjson', type: ['RecommendationIssued', 'MeasureImplmented'] }, typo);
  t.match(
    typo.err(),
    /^warning: --type MeasureImplmented: no exported event has this type, so it selects nothing; the types are ReportSubmitted, /m,
  );
  t.notMatch(typo.err(), /--type RecommendationIssued/, 'a known type draws no warning');
  t.match(csv.err(), /exported 1 events to/);
  await t.rejects(
    runExport(configFor(data), { format: 'csv', state: 'Atlantis' }, captureIo()),
    /^--state Atlantis: must be a State: its ISO 3166-1 alpha-3 code \(KAZ, in any case\) or its name/,
  );
  const lower = captureIo();
  await runExport(configFor(data), { format: 'ndjson', state: 'kaz' }, lower);
  t.equal(lower.out(), kaz.out(), 'kaz is KAZ');
});

t.test('status: the same JSON as the API, as of a day and as recorded before an instant', async (t) => {
  const { data } = await loaded(t);
  const json = captureIo();
  await runStatus(configFor(data), 'KAZ', { asOf: '2025-01-01', json: true }, json);
  const status = JSON.parse(json.out());
  t.match(status, { state: 'KAZ', asOf: '2025-01-01', recommendations: 4, upr: { supported: 1, noted: 1 } });

  const before2021 = captureIo();
  await runStatus(configFor(data), 'KAZ', { asOf: '2020-12-31', json: true }, before2021);
  t.equal(JSON.parse(before2021.out()).recommendations, 2, 'in 2020 only the UPR recommendations were issued');

  const known = captureIo();
  await runStatus(configFor(data), 'KAZ', { asOf: '2025-01-01', recordedBefore: '2000-01-01', json: true }, known);
  t.match(JSON.parse(known.out()), { recommendations: 0, position: '0' }, 'nothing was recorded before 2000');
  t.match(
    known.err(),
    /^note: nothing about KAZ was recorded before 2000-01-01 \(log position 0\); as recorded now it has 4 recommendations on 2025-01-01\. --recorded-before asks what the service knew/m,
    'the empty answer explained (standard error beside JSON)',
  );
  const knownText = captureIo();
  await runStatus(configFor(data), 'KAZ', { asOf: '2025-01-01', recordedBefore: '2000-01-01' }, knownText);
  t.match(
    knownText.out(),
    /^note: nothing about KAZ was recorded before 2000-01-01/m,
    'in the text, below the figures',
  );
  const now = captureIo();
  const later = new Date(Date.now() + 60_000).toISOString();
  await runStatus(configFor(data), 'KAZ', { asOf: '2025-01-01', recordedBefore: later, json: true }, now);
  t.strictSame(JSON.parse(now.out()), status, 'a replay of everything recorded equals the read models');

  const text = captureIo();
  await runStatus(configFor(data), 'Kazakhstan', { asOf: '2025-01-01' }, text);
  t.match(text.out(), /^KAZ \(Kazakhstan\) on 2025-01-01/);
  t.match(text.out(), /UPR responses +supported 1, supported in part 0, noted 1, pending 0/);
  await t.rejects(runStatus(configFor(data), 'Atlantis', {}, captureIo()), /^Atlantis: must be a State/);
  const lower = captureIo();
  await runStatus(configFor(data), 'kaz', { asOf: '2025-01-01' }, lower);
  t.equal(lower.out(), text.out(), 'kaz is KAZ');
  await t.rejects(runStatus(configFor(data), 'KAZ', { asOf: '2025-02-30' }, captureIo()), /--as-of/);
  await t.rejects(runStatus(configFor(data), 'KAZ', { recordedBefore: 'soon' }, captureIo()), /--recorded-before/);
});

t.test('replay rebuilds every read model, or the ones named, and reports events/s', async (t) => {
  const { data } = await loaded(t);
  const followup = Followup.open({ dataDir: data });
  const live = dumpReadModels(followup.db);
  followup.db.exec("UPDATE recommendations SET text = 'tampered'");
  await followup.close();
  const io = captureIo();
  t.equal(await runReplay(configFor(data), ['recommendations'], io), 0);
  t.match(
    io.out(),
    /^rebuilt recommendations from 8 events \(0 appended meanwhile\) in [\d.]+ s: \d+ events\/s; writes waited \d+ ms for the swap$/m,
  );
  const all = captureIo();
  t.equal(await runReplay(configFor(data), undefined, all), 0);
  const everyReadModel = serviceProjections.map((projection) => projection.name).join(', ');
  t.match(all.out(), `rebuilt ${everyReadModel} from 8 events`, 'every read model the service keeps');
  const reopened = Followup.open({ dataDir: data });
  t.strictSame(dumpReadModels(reopened.db), live);
  await reopened.close();
  await t.rejects(runReplay(configFor(data), ['nonsense'], captureIo()), /unknown; read models are/);
  for (const workers of [1, 3]) {
    t.equal(await runReplay(configFor(data), undefined, captureIo(), { workers }), 0, `--workers ${workers}`);
    const again = Followup.open({ dataDir: data });
    t.strictSame(dumpReadModels(again.db), live, `--workers ${workers}: the same read models`);
    await again.close();
  }
  await t.rejects(runReplay(configFor(data), undefined, captureIo(), { workers: 0 }), /--workers 0: must be/);
  await t.rejects(
    runReplay(configFor(data), undefined, captureIo(), { workers: 'two' }),
    /^--workers two: must be a whole number/,
    'the value as given, not NaN',
  );
  await t.rejects(runReplay(configFor(data), undefined, captureIo(), { workers: '2.5' }), /^--workers 2\.5: must be/);
});

/** Changes one character (one byte: ASCII) of a stored event's column, as an editor of the file would. */
function alterOneByte(data: string, position: number, column: 'data' | 'metadata', at: number): void {
  const db = new Sqlite(join(data, 'followup.db'));
  try {
    const row = db.prepare(`SELECT ${column} AS text FROM events WHERE position = ?`).get(position) as { text: string };
    const index = at % row.text.length;
    const old = row.text[index];
    const altered = row.text.slice(0, index) + (old === 'a' ? 'b' : 'a') + row.text.slice(index + 1);
    db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(altered, position);
  } finally {
    db.close();
  }
}

t.test('verify: every chain holds, then one altered byte is named by stream and revision', async (t) => {
  const { data } = await loaded(t);
  const intact = captureIo();
  t.equal(await runVerify(configFor(data), intact), 0);
  t.match(intact.out(), /^verified 8 events in 6 streams: every hash chain holds$/m);

  // Position 4 is the UPR response of a-hrc-44-10-137-1 (revision 1): a byte of its data, then of its metadata.
  const exported = captureIo();
  await runExport(configFor(data), { format: 'ndjson', after: '3' }, exported);
  const event = JSON.parse(exported.out().split('\n')[0]!);
  for (const [column, at] of [
    ['data', 25],
    ['metadata', 40],
    ['data', 0],
  ] as const) {
    const copy = join(tempDir(t, 'followup-verify-'), 'data');
    cpSync(data, copy, { recursive: true });
    alterOneByte(copy, 4, column, at);
    const io = captureIo();
    t.equal(await runVerify(configFor(copy), io), 1, `${column} byte ${at}: non-zero exit`);
    t.match(io.out(), new RegExp(`^${event.stream} revision ${event.revision}: altered$`, 'm'), 'names it');
    t.match(io.out(), /^verify failed: 1 broken revision\(s\) in 1 stream\(s\) of 6$/m);
  }
});

t.test('the followup command itself: --data-dir honoured, verify exits non-zero on a tampered log', async (t) => {
  const { data } = await loaded(t);
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FOLLOWUP_DATA_DIR: join(data, 'elsewhere') },
    });
  const ok = run('verify', '--data-dir', data);
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /verified 8 events/);
  alterOneByte(data, 2, 'data', 30);
  const broken = run('verify', '--data-dir', data);
  t.equal(broken.status, 1);
  t.match(broken.stdout, /^recommendation-cat-c-kaz-co-4-12-a revision 0: altered$/m);
  const status = run('status', 'KAZ', '--json', '--as-of', '2025-01-01');
  t.equal(status.status, 0, 'FOLLOWUP_DATA_DIR honoured as well');
  t.equal(JSON.parse(status.stdout).recommendations, 0, 'that directory is empty');
});
