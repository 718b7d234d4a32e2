/** Defect 1: a State could submit another State's report symbol and take its report id for good. */
import t from 'tap';
import { assertProblem, eventCount, get, post, presentation, serviceFor, submitReport } from './harness.js';

t.test("a State token cannot take another State's report id; that State still submits its report", async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const before = await eventCount(service);
  const taken = await post(app, '/v1/reports', tokens.kaz, { ...submitReport, state: 'KAZ', symbol: 'CAT/C/UZB/6' });
  assertProblem(t, taken, 422, "KAZ submitting Uzbekistan's symbol");
  t.match(taken.json.detail, /names UZB/);
  const lower = await post(app, '/v1/reports', tokens.kaz, { ...submitReport, symbol: 'cat-c-uzb-6' });
  assertProblem(t, lower, 422, 'the same symbol written otherwise');
  t.equal(await eventCount(service), before, 'nothing appended');

  const own = await post(app, '/v1/reports', tokens.uzb, { ...submitReport, state: 'UZB', symbol: 'CAT/C/UZB/6' });
  t.equal(own.status, 201, 'Uzbekistan submits its own report', { body: own.body });
  t.equal(own.json.id, 'cat-c-uzb-6', 'under the slug of its symbol, as the contract says');
  t.equal((await get(app, '/v1/reports/cat-c-uzb-6')).json.state, 'UZB');
});

t.test("a symbol naming no State is filed under its State's code; ids stored before keep working", async (t) => {
  const service = await serviceFor(t);
  const { app, tokens, followup } = service;
  const upr = { ...submitReport, mechanism: 'UPR', cycle: 3, symbol: 'A/HRC/44/10' };
  const kaz = await post(app, '/v1/reports', tokens.kaz, upr);
  t.equal(kaz.status, 201, { body: kaz.body });
  t.equal(kaz.json.id, 'kaz-a-hrc-44-10');
  const uzb = await post(app, '/v1/reports', tokens.uzb, { ...upr, state: 'UZB' });
  t.equal(uzb.status, 201, 'the same symbol does not block another State', { body: uzb.body });
  t.equal(uzb.json.id, 'uzb-a-hrc-44-10');

  // A report stored before ids held their State, under the plain slug of a symbol naming none.
  const actor = { tokenId: 'bootstrap-admin', name: 'bootstrap admin', role: 'admin' };
  await followup.store.append(
    'report-a-hrc-41-5',
    [
      {
        type: 'ReportSubmitted',
        data: {
          reportId: 'a-hrc-41-5',
          state: 'KAZ',
          mechanism: 'UPR',
          cycle: 2,
          symbol: 'A/HRC/41/5',
          submittedOn: '2018-12-05',
          procedure: 'standard',
        },
        metadata: { actor, correlationId: 'earlier', causationId: 'earlier', schemaVersion: 1 },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
  t.equal((await get(app, '/v1/reports/a-hrc-41-5')).status, 200, 'read under its stored id');
  t.equal((await post(app, '/v1/reports/a-hrc-41-5/presentation', tokens.secretariat, presentation)).status, 200);
  const again = await post(app, '/v1/reports', tokens.kaz, { ...upr, cycle: 2, symbol: 'A/HRC/41/5' });
  assertProblem(t, again, 409, 'the same report submitted again under the new id');
  t.match(again.json.detail, /report a-hrc-41-5 already exists/);
});
