/** Importing UHRI exports (XLSX and CSV written by the test) through the application, on the real SQLite store. */
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Followup } from '../../../src/app/followup.js';
import { UHRI_COLUMNS as C } from '../../../src/app/import/uhri/columns.js';
import { importUhri } from '../../../src/app/import/uhri/import-uhri.js';
import { UnreadableExport } from '../../../src/app/import/uhri/read.js';
import { BAD_ROWS, GOOD_ROWS, type Row, tempDir, writeCsv, writeXlsx } from './uhri-fixtures.js';

const ROWS: Row[] = [...GOOD_ROWS, ...BAD_ROWS.map((bad) => bad.row)];

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
  t.test(`a ${format} export: good rows imported, bad rows reported by number and skipped`, async (t) => {
    const file = join(tempDir(t), `uhri.${format}`);
    if (format === 'xlsx') await writeXlsx(file, ROWS);
    else writeCsv(file, ROWS);
    const followup = open(t);

    const summary = await importUhri(followup, file, { concurrency: 3 });
    t.equal(summary.read, ROWS.length);
    t.equal(summary.imported, GOOD_ROWS.length);
    t.equal(summary.alreadyPresent, 0);
    t.equal(summary.rejected.length, BAD_ROWS.length);
    BAD_ROWS.forEach(({ reason }, i) => {
      // Row 1 is the header: the first data row is row 2.
      t.equal(summary.rejected[i]?.row, GOOD_ROWS.length + i + 2, `bad row ${i} numbered as a spreadsheet shows it`);
      t.match(summary.rejected[i]?.reason, reason);
    });

    const models = followup.readModels;
    const paragraph10 = models.getRecommendation('cat-c-kaz-co-4-10', '2025-01-01');
    t.match(paragraph10, {
      state: 'KAZ',
      mechanism: 'CAT',
      issuedOn: '2023-05-10',
      text: 'The State party should bring the definition of torture into line with article 1 of the Convention.',
      themes: ['Definition of torture', 'Equality & non-discrimination'],
    });
    t.ok(models.getRecommendation('cat-c-kaz-co-4-12-a', '2025-01-01'), '12 (a) → 12(a)');
    t.match(models.getRecommendation('a-hrc-44-10-137-1', '2025-01-01'), {
      recommendingStates: ['NOR', 'BOL', 'TUR'],
      response: { position: 'supported', respondedOn: '2020-03-20' },
    });
    t.match(models.getRecommendation('a-hrc-44-10-137-2', '2025-01-01'), { response: { position: 'noted' } });
    t.match(models.getRecommendation('crc-c-opac-bol-co-1-3b0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f', '2025-01-01'), {
      state: 'BOL',
      mechanism: 'CRC',
    });
    t.match(models.getRecommendation('a-hrc-37-50-add-1-88', '2025-01-01'), { state: 'TUR', mechanism: 'SP' });
    const status = models.stateStatus('KAZ', '2025-01-01');
    t.equal(status.recommendations, 4);
    t.strictSame(status.upr, { supported: 1, supported_in_part: 0, noted: 1, pending: 0 });

    const events = await eventCount(followup);
    t.equal(events, GOOD_ROWS.length + 2, 'one event a row, and the two UPR responses');
    const again = await importUhri(followup, file);
    t.strictSame(
      { imported: again.imported, alreadyPresent: again.alreadyPresent, rejected: again.rejected.length },
      { imported: 0, alreadyPresent: GOOD_ROWS.length, rejected: BAD_ROWS.length },
    );
    t.equal(await eventCount(followup), events, 're-importing appends nothing');
  });
}

t.test('the importer is recorded as the actor, and a response missing from an earlier import is added', async (t) => {
  const dir = tempDir(t);
  const followup = open(t);
  const pending = join(dir, 'pending.csv');
  writeCsv(pending, [{ ...GOOD_ROWS[2], [C.uprPosition]: 'Pending' }]);
  t.match(await importUhri(followup, pending), { imported: 1 });
  t.notOk(followup.readModels.getRecommendation('a-hrc-44-10-137-1', '2025-01-01')?.response);
  const answered = join(dir, 'answered.csv');
  writeCsv(answered, [GOOD_ROWS[2]!]);
  t.match(await importUhri(followup, answered), { imported: 0, alreadyPresent: 1 });
  t.match(followup.readModels.getRecommendation('a-hrc-44-10-137-1', '2025-01-01')?.response, {
    position: 'supported',
  });
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
  t.match(await importUhri(followup, file), { read: 3, imported: 1, alreadyPresent: 2 });
  t.equal(await eventCount(followup), 1);
});

t.test('a file that is not a UHRI export is refused whole', async (t) => {
  const dir = tempDir(t);
  const followup = open(t);
  const wrong = join(dir, 'wrong.csv');
  writeCsv(wrong, []);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(wrong, 'Name,Text\nx,y\n');
  await t.rejects(importUhri(followup, wrong), UnreadableExport);
  await t.rejects(importUhri(followup, join(dir, 'uhri.json')), /expected a \.xlsx or \.csv/);
  const notZip = join(dir, 'not-a-workbook.xlsx');
  writeFileSync(notZip, 'Text,Countries Concerned\n');
  await t.rejects(importUhri(followup, notZip), UnreadableExport);
  const empty = join(dir, 'empty.xlsx');
  await writeXlsx(empty, []);
  t.match(await importUhri(followup, empty), { read: 0, imported: 0 });
});
