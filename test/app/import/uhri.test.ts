/** Importing UHRI files (XLSX, CSV and the full JSON export, written by the test) on the real SQLite store. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Followup } from '../../../src/app/followup.js';
import { UHRI_COLUMNS as C } from '../../../src/app/import/uhri/columns.js';
import { importUhri } from '../../../src/app/import/uhri/import-uhri.js';
import { UnreadableExport } from '../../../src/app/import/uhri/read.js';
import { BAD_ROWS, GOOD_ROWS, OTHER_ROWS, type Row, tempDir, writeCsv, writeXlsx } from './uhri-fixtures.js';
import { FULL_EXPORT, writeFullExport } from './uhri-full-export.js';

const ROWS: Row[] = [...GOOD_ROWS, ...BAD_ROWS.map((bad) => bad.row), ...OTHER_ROWS];
const DAY = '2025-06-01';

async function eventCount(followup: Followup): Promise<number> {
  let count = 0;
  for await (const _ of followup.store.readAll()) count++;
  return count;
}

function open(t: Test): Followup {
  const followup = Followup.open({ dataDir: ':memory:' });
  t.teardown(() => followup.close());
  return followup;
}

for (const format of ['xlsx', 'csv'] as const) {
  t.test(`a ${format} search export: recorded, rejected by row with a reason, other types skipped`, async (t) => {
    const file = join(tempDir(t), `uhri.${format}`);
    if (format === 'xlsx') await writeXlsx(file, ROWS);
    else writeCsv(file, ROWS);
    const followup = open(t);

    const summary = await importUhri(followup, file, { batchSize: 3 });
    t.match(summary, {
      format,
      records: ROWS.length,
      recorded: GOOD_ROWS.length,
      recommendations: { new: GOOD_ROWS.length, changed: 0, unchanged: 0 },
      skipped: { 'Concerns/Observations': 1, 'Positive aspects': 1 },
    });
    t.equal(summary.rejected.length, BAD_ROWS.length);
    BAD_ROWS.forEach(({ reason }, i) => {
      // Row 1 is the header: the first data row is row 2.
      t.equal(summary.rejected[i]?.row, GOOD_ROWS.length + i + 2, `bad row ${i} numbered as a spreadsheet shows it`);
      t.match(summary.rejected[i]?.reason, reason);
    });

    const models = followup.readModels;
    t.match(models.getRecommendation('cat-c-kaz-co-4-10', DAY), {
      state: 'KAZ',
      mechanism: 'CAT',
      issuedOn: '2023-05-10',
      text: 'The State party should bring the definition of torture into line with article 1 of the Convention.',
      themes: ['Definition of torture', 'Equality & non-discrimination'],
    });
    t.ok(models.getRecommendation('cat-c-kaz-co-4-12-a', DAY), '12 (a) → 12(a)');
    t.match(models.getRecommendation('a-hrc-44-10-137-1', DAY), {
      recommendingStates: ['NOR', 'BOL', 'TUR'],
      response: { position: 'supported', respondedOn: '2020-03-20' },
    });
    t.match(models.getRecommendation('a-hrc-44-10-137-2', DAY), { response: { position: 'noted' } });
    t.match(models.getRecommendation('crc-c-opac-bol-co-1-3b0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f-b', DAY), {
      state: 'BOL',
      mechanism: 'CRC',
      text: 'Criminalize the recruitment of children under 18 by armed groups.',
    });
    t.match(models.getRecommendation('a-hrc-37-50-add-1-88', DAY), {
      state: 'TUR',
      mechanism: 'SP',
      text: /^The Special Rapporteur recommends/,
    });
    t.match(models.stateStatus('KAZ', DAY).upr, { supported: 1, supported_in_part: 0, noted: 1, pending: 0 });

    const events = await eventCount(followup);
    t.equal(events, GOOD_ROWS.length + 2, 'one event a recommendation, and the two UPR responses');
    const again = await importUhri(followup, file);
    t.match(again, {
      recorded: GOOD_ROWS.length,
      recommendations: { new: 0, changed: 0, unchanged: GOOD_ROWS.length },
    });
    t.equal(again.rejected.length, BAD_ROWS.length);
    t.equal(await eventCount(followup), events, 're-importing appends nothing');
  });
}

t.test('the full JSON export: detected by its content, streamed, every record accounted for', async (t) => {
  const file = join(tempDir(t), 'export-full-en.json');
  writeFullExport(
    file,
    FULL_EXPORT.map(({ record }) => record),
  );
  const followup = open(t);
  const indexes = () =>
    followup.db.prepare("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'recommendations' ORDER BY name").all();
  const before = indexes();
  const summary = await importUhri(followup, file, { batchSize: 2 });
  t.same(indexes(), before, 'the indexes a first import builds at its end are there, as they were');
  const ids = FULL_EXPORT.flatMap(({ ids }) => ids ?? []);
  t.match(summary, {
    format: 'json',
    records: FULL_EXPORT.length,
    recorded: FULL_EXPORT.filter(({ ids }) => ids).length,
    recommendations: { new: ids.length, changed: 0, unchanged: 0 },
    skipped: { 'Concerns/Observations': 1, 'Positive aspects': 1 },
    rejected: [],
  });
  t.match(summary.warnings, [{ message: /recommending State "Narnia" has no code/, count: 1, firstRow: 4 }]);
  for (const id of ids) t.ok(followup.readModels.getRecommendation(id, DAY), id);
  t.match(followup.readModels.getRecommendation('a-hrc-53-50-102-ltu', DAY), { state: 'LTU', mechanism: 'SP' });
  t.match(followup.readModels.getRecommendation('crpd-c-eu-co-1-49', DAY), { state: 'EUU', mechanism: 'CRPD' });
  const events = await eventCount(followup);
  t.match(await importUhri(followup, file), { recommendations: { new: 0, changed: 0, unchanged: ids.length } });
  t.equal(await eventCount(followup), events, 're-importing appends nothing');
});

t.test('a dataset without ids, one row per recommending State: one recommendation, every State', async (t) => {
  const file = join(tempDir(t), 'upr-info.csv');
  const base: Row = { ...GOOD_ROWS[2]!, [C.annotationId]: '', [C.text]: 'Ratify the Optional Protocol to the CRPD' };
  const rows: Row[] = ['Norway', 'DPR Korea', 'St Lucia', 'Bosnia & Herzegovina'].map((state) => ({
    ...base,
    [C.recommendingStates]: state,
  }));
  writeCsv(file, [rows[0]!, GOOD_ROWS[0]!, ...rows.slice(1)]);
  const followup = open(t);
  t.match(await importUhri(followup, file), {
    records: 5,
    recorded: 5,
    recommendations: { new: 2, changed: 0, unchanged: 0 },
    rejected: [],
  });
  const { items } = followup.readModels.listRecommendations({ state: 'KAZ', mechanism: 'UPR', limit: 10, today: DAY });
  t.equal(items.length, 1);
  t.strictSame(items[0]?.recommendingStates, ['NOR', 'PRK', 'LCA', 'BIH']);
  const events = await eventCount(followup);
  t.match(await importUhri(followup, file), { recommendations: { new: 0, unchanged: 2 } });
  t.equal(await eventCount(followup), events, 're-importing appends nothing');
});

t.test('the importer is recorded as the actor, and a response missing from an earlier import is added', async (t) => {
  const dir = tempDir(t);
  const followup = open(t);
  const pending = join(dir, 'pending.csv');
  writeCsv(pending, [{ ...GOOD_ROWS[2], [C.uprPosition]: 'Pending' }]);
  t.match(await importUhri(followup, pending), { recommendations: { new: 1 } });
  t.notOk(followup.readModels.getRecommendation('a-hrc-44-10-137-1', DAY)?.response);
  const answered = join(dir, 'answered.csv');
  writeCsv(answered, [GOOD_ROWS[2]!]);
  t.match(await importUhri(followup, answered), { recommendations: { new: 0, changed: 1 } });
  t.match(followup.readModels.getRecommendation('a-hrc-44-10-137-1', DAY)?.response, { position: 'supported' });
  const history = await followup.history('a-hrc-44-10-137-1');
  t.strictSame(
    history?.events.map((event) => [event.type, event.actor.name]),
    [
      ['RecommendationIssued', 'UHRI import (pending.csv)'],
      ['RecommendationResponded', 'UHRI import (answered.csv)'],
    ],
  );
});

t.test('the same recommendation twice in one file is recorded once', async (t) => {
  const file = join(tempDir(t), 'twice.csv');
  writeCsv(file, [GOOD_ROWS[0]!, GOOD_ROWS[0]!, GOOD_ROWS[0]!]);
  const followup = open(t);
  t.match(await importUhri(followup, file), { records: 3, recorded: 3, recommendations: { new: 1 } });
  t.equal(await eventCount(followup), 1);
});

t.test('a file that is not a UHRI export is refused whole', async (t) => {
  const dir = tempDir(t);
  const followup = open(t);
  const wrong = join(dir, 'wrong.csv');
  writeFileSync(wrong, 'Name,Text\nx,y\n');
  await t.rejects(importUhri(followup, wrong), UnreadableExport);
  await t.rejects(importUhri(followup, join(dir, 'missing.json')), UnreadableExport);
  const object = join(dir, 'object.json');
  writeFileSync(object, '{"records": []}');
  await t.rejects(importUhri(followup, object), /not the full export's array/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '[{"Text": "1. x"}, {"Text": ');
  await t.rejects(importUhri(followup, broken), UnreadableExport);
  const notZip = join(dir, 'not-a-workbook.xlsx');
  writeFileSync(notZip, 'Text,Countries Concerned\n');
  await t.rejects(importUhri(followup, notZip), UnreadableExport);
  const empty = join(dir, 'empty.xlsx');
  await writeXlsx(empty, []);
  t.match(await importUhri(followup, empty), { records: 0, recorded: 0 });
  t.equal(await eventCount(followup), 0, 'nothing recorded from any of them');
});

t.test('a newer export appends only what changed, each change an event of its own in the history', async (t) => {
  const dir = tempDir(t);
  const followup = open(t);
  const first = join(dir, 'export-2024.json');
  writeFullExport(
    first,
    FULL_EXPORT.map(({ record }) => record),
  );
  await importUhri(followup, first);
  const before = await eventCount(followup);
  const newer = FULL_EXPORT.map(({ record }) => ({ ...record }));
  newer[1]!.Text = '18.The Committee recommends that the State party strengthen and fund its efforts.';
  newer[3]!.UprRecommendingCountry = ['Türkiye', 'State of Palestine*', 'Narnia', 'Norway'];
  newer[4]!.Themes = ['Torture'];
  const second = join(dir, 'export-2025.json');
  writeFullExport(second, newer);
  const summary = await importUhri(followup, second, { batchSize: 1 });
  t.match(summary.recommendations, { new: 0, changed: 3 });
  t.equal(await eventCount(followup), before + 3, 'three events: a text, a State added, a reclassification');
  t.match(followup.readModels.getRecommendation('crc-c-per-co-6-7-18', DAY), {
    text: 'The Committee recommends that the State party strengthen and fund its efforts.',
  });
  t.match(followup.readModels.getRecommendation('a-hrc-43-7-115-12', DAY), {
    recommendingStates: ['TUR', 'PSE', 'NOR'],
    unmappedRecommendingStates: ['Narnia'],
  });
  const history = await followup.history('crc-c-per-co-6-7-18');
  t.strictSame(
    history?.events.map((event) => [event.type, event.actor.name]),
    [
      ['RecommendationIssued', 'UHRI import (export-2024.json)'],
      ['RecommendationTextChanged', 'UHRI import (export-2025.json)'],
    ],
  );
  t.match(await importUhri(followup, second), { recommendations: { new: 0, changed: 0 } }, 'and again: nothing');
  t.equal(await eventCount(followup), before + 3);
});

t.test('rows of one recommendation far apart in the file still make one recommendation', async (t) => {
  const file = join(tempDir(t), 'upr-info-apart.csv');
  const base: Row = { ...GOOD_ROWS[2]!, [C.annotationId]: '', [C.text]: 'Abolish the death penalty' };
  writeCsv(file, [
    { ...base, [C.recommendingStates]: 'Norway' },
    GOOD_ROWS[0]!,
    GOOD_ROWS[1]!,
    { ...base, [C.recommendingStates]: 'St Lucia' },
  ]);
  const followup = open(t);
  t.match(await importUhri(followup, file, { batchSize: 1 }), { recommendations: { new: 3, changed: 1 } });
  const { items } = followup.readModels.listRecommendations({ state: 'KAZ', mechanism: 'UPR', limit: 10, today: DAY });
  t.strictSame(
    items.map((item) => item.recommendingStates),
    [['NOR', 'LCA']],
  );
});
