/**
 * A replica on the real PostgreSQL server pages a long history as the embedded store does: every event once, the
 * status after each as the whole stream has it, and a page reading its own events through the log wherever it lies.
 */
import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { readModelTally, recommendationHistory } from '../../src/app/queries/history.js';
import { buildApp } from '../../src/http/app.js';
import { counted } from '../eventstore/counted-reads.js';
import { ADMIN_TOKEN, get, post } from '../http/harness.js';
import { testDatabase } from '../postgres/server.js';

const MEASURES = 60;
const COMPLETING = 45;
const LIMIT = 7;

const url = await testDatabase(t, 'History pages on PostgreSQL');
if (url !== undefined) {
  t.test('a replica on PostgreSQL reads a history a page at a time', async (t) => {
    const followup = await Followup.openPostgres({
      connectionString: url,
      dataDir: ':memory:',
      adminToken: ADMIN_TOKEN,
      onError: () => {},
    });
    const app = await buildApp(followup, { publicRead: true, logger: false });
    t.teardown(async () => {
      await app.close();
      await followup.close();
    });
    const issued = await post(app, '/v1/recommendations', ADMIN_TOKEN, {
      state: 'KAZ',
      mechanism: 'CCPR',
      symbol: 'CCPR/C/KAZ/CO/3',
      paragraph: '9',
      text: 'Recommendation 9',
      issuedOn: '2023-01-10',
    });
    t.equal(issued.status, 201, 'issued', { body: issued.body });
    const id = issued.json.id as string;
    const said = await post(app, `/v1/recommendations/${id}/not-started`, ADMIN_TOKEN, { recordedOn: '2023-02-01' });
    t.equal(said.status, 200, 'not started, said', { body: said.body });
    let position = '0';
    for (let n = 1; n <= MEASURES; n++) {
      const body = { title: `Measure ${n}`, institution: 'Parliament', implementedOn: '2023-06-01' };
      const answer = await post(app, `/v1/recommendations/${id}/measures`, ADMIN_TOKEN, {
        ...body,
        ...(n + 1 === COMPLETING ? { completes: true } : {}),
      });
      if (answer.status !== 200) t.fail(`measure ${n}: ${answer.status}`, { body: answer.body });
      position = answer.json.position;
    }
    t.ok(await followup.reached(position, 10_000), 'the read models reach the last measure');
    const whole = (await get(app, `/v1/recommendations/${id}/history`)).json;
    const statuses = whole.events.map((e: { status: string }) => e.status);
    t.equal(statuses.length, MEASURES + 2);
    t.strictSame(
      [statuses[0], statuses[1], statuses[2], statuses[COMPLETING - 1], statuses[COMPLETING]],
      ['no_information', 'not_started', 'in_progress', 'in_progress', 'implemented'],
    );

    const revisions: number[] = [];
    const paged: string[] = [];
    let after = -1;
    for (let pages = 0; pages < 20; pages++) {
      const page = (await get(app, `/v1/recommendations/${id}/history?after=${after}&limit=${LIMIT}`)).json;
      revisions.push(...page.events.map((e: { revision: number }) => e.revision));
      paged.push(...page.events.map((e: { status: string }) => e.status));
      t.strictSame(page.integrity, { verified: true });
      if (page.next === null) break;
      after = page.next;
    }
    t.strictSame(
      revisions,
      Array.from({ length: MEASURES + 2 }, (_, i) => i),
      'every event once, in order',
    );
    t.strictSame(paged, statuses, 'the status after each event as the whole stream has it');

    const known = readModelTally(followup.readModels, id);
    for (const from of [0, 20, COMPLETING - 1, MEASURES - LIMIT - 1]) {
      const reader = counted(followup.store);
      await recommendationHistory(reader.store, id, { after: from, limit: LIMIT }, known);
      t.equal(reader.read(), LIMIT + 2, `after ${from}: the event before, the page, one more, read from the log`);
    }
  });
}
