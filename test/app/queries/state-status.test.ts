/** Bitemporal status: as of an effective day (asOf), and as known at an instant (recordedBefore). */

import { join } from 'node:path';
import t from 'tap';
import { Followup } from '../../../src/app/followup.js';
import { stateStatusRecordedBefore } from '../../../src/app/queries/state-status.js';
import { openDatabase } from '../../../src/eventstore/sqlite/database.js';
import {
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  post,
  serviceFor,
  startService,
  tempDir,
} from '../../http/harness.js';

/** Waits until the clock has moved past the last recorded instant, so "before now" excludes what comes next. */
async function instantAfter(recordedAt: string): Promise<string> {
  while (Date.now() <= Date.parse(recordedAt)) await new Promise((resolve) => setImmediate(resolve));
  return new Date().toISOString();
}

async function lastRecordedAt(service: { followup: Followup }): Promise<string> {
  let last = '';
  for await (const event of service.followup.store.readAll()) last = event.metadata.recordedAt;
  return last;
}

t.test('what the service knew before a measure was recorded, and after', async (t) => {
  const service = await serviceFor(t);
  const { app, followup, tokens } = service;
  await loadFoundingCase(service);
  const beforeMeasure = await instantAfter(await lastRecordedAt(service));
  const recorded = await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, {
    ...measure,
    completes: true,
  });
  t.equal(recorded.status, 200);
  const afterMeasure = await instantAfter(await lastRecordedAt(service));

  const now = await get(app, '/v1/states/KAZ/status?asOf=2024-01-01');
  t.equal(now.json.byStatus.implemented, 1, 'today the measure counts');

  const then = await get(app, `/v1/states/KAZ/status?asOf=2024-01-01&recordedBefore=${beforeMeasure}`);
  t.equal(then.status, 200);
  t.strictSame(
    then.json.byStatus,
    { no_information: 3, not_started: 0, in_progress: 0, implemented: 0 },
    'not yet known then',
  );
  t.equal(then.json.position, String(Number(recorded.json.position) - 1), 'the log position as it stood');
  t.equal(then.headers.etag, `W/"${then.json.position}"`);

  const later = await get(app, `/v1/states/KAZ/status?asOf=2024-01-01&recordedBefore=${afterMeasure}`);
  t.strictSame(later.json, now.json, 'a replay of everything recorded equals the read models');

  const offset = new Date(Date.parse(afterMeasure) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
  const withOffset = await get(
    app,
    `/v1/states/KAZ/status?asOf=2024-01-01&recordedBefore=${encodeURIComponent(offset)}`,
  );
  t.equal(withOffset.status, 200, 'an offset date-time is accepted');

  const effective = await stateStatusRecordedBefore(followup, 'KAZ', '2023-05-31', afterMeasure);
  t.equal(effective.byStatus.implemented, 0, 'asOf still applies: the measure took effect on 2023-06-01');

  const dayOnly = await get(app, '/v1/states/KAZ/status?recordedBefore=2000-01-01');
  t.equal(dayOnly.json.recommendations, 0, 'a date means its midnight UTC');
  const bad = await get(app, '/v1/states/KAZ/status?recordedBefore=last-week');
  t.equal(bad.status, 400);
  t.match(bad.json.errors, [{ path: 'querystring.recordedBefore' }]);
});

t.test('only the State asked about is replayed', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const status = await stateStatusRecordedBefore(service.followup, 'UZB', '2025-01-01', '2999-01-01');
  t.equal(status.recommendations, 0);
  t.equal(status.position, await service.followup.store.headPosition());
  await t.rejects(stateStatusRecordedBefore(service.followup, 'KAZ', '2025-01-01', 'soon'), RangeError);
});

t.test('a database kept before facts were recorded gains them on open, rebuilt from the log', async (t) => {
  const dataDir = tempDir(t);
  const service = await startService({ dataDir });
  await loadFoundingCase(service);
  const midway = await instantAfter(await lastRecordedAt(service));
  await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
    ...measure,
    completes: true,
  });
  const expected = [
    service.followup.readModels.stateStatus('KAZ', '2024-01-01', Date.parse(midway)),
    service.followup.readModels.stateStatus('KAZ', '2024-01-01', Date.parse('2999-01-01')),
  ];
  await service.close();
  // As the previous version left it: no facts, no instants, no versions.
  const db = openDatabase(join(dataDir, 'followup.db'));
  db.exec('DROP TABLE recommendation_facts; DROP TABLE log_instants; DROP TABLE read_model_versions');
  db.close();

  const reopened = Followup.open({ dataDir });
  t.teardown(() => reopened.close());
  t.strictSame(
    [
      reopened.readModels.stateStatus('KAZ', '2024-01-01', Date.parse(midway)),
      reopened.readModels.stateStatus('KAZ', '2024-01-01', Date.parse('2999-01-01')),
    ],
    expected,
  );
});
