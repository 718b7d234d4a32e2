/**
 * `serve --writer-thread`: commands run in a worker thread that owns the write connection, reads in the thread that
 * serves HTTP. A command's answer is seen by the very next read, and every refusal comes back as the same problem
 * the service answers when the commands run in its own thread.
 */
import t from 'tap';
import {
  type Answer,
  assertProblem,
  get,
  issueToken,
  loadFoundingCase,
  measure,
  PARA_10,
  paragraph10,
  post,
  type Service,
  startService,
  tempDir,
} from './harness.js';

t.setTimeout(300_000);

const MEASURES = `/v1/recommendations/${PARA_10}/measures`;

/** The service with its commands in a writer thread, on a store in `dataDir`, and a token per role used here. */
const threaded = (dataDir: string): Promise<Service> => startService({ dataDir, writerThread: true });

t.test('a write through the writer thread is seen by the next read', async (t) => {
  const service = await threaded(tempDir(t));
  t.teardown(() => service.close());
  const { app, tokens } = service;
  await loadFoundingCase(service);
  for (let n = 1; n <= 20; n++) {
    const recorded = await post(app, MEASURES, tokens.kaz, { ...measure, title: `Measure ${n}` });
    t.equal(recorded.status, 200, `measure ${n} recorded`);
    const read = await get(app, `/v1/recommendations/${PARA_10}`);
    t.equal(read.json.measures.length, n, `measure ${n} read at once`);
    t.equal(read.json.revision, recorded.json.revision, 'at the revision the command answered');
    t.equal(read.headers.etag, recorded.headers.etag, 'with the ETag the command answered');
  }
  // Twenty commands at once, each answered only once durable, then all seen.
  const many = await Promise.all(
    Array.from({ length: 20 }, (_, n) => post(app, MEASURES, tokens.kaz, { ...measure, title: `Burst ${n}` })),
  );
  t.same(
    many.map((answer) => answer.status),
    many.map(() => 200),
  );
  t.equal((await get(app, `/v1/recommendations/${PARA_10}`)).json.measures.length, 40);
  // A token issued through the writer authenticates on the next request.
  const fresh = await issueToken(app, { name: 'Another State', role: 'state', states: ['KAZ'] });
  t.equal((await post(app, MEASURES, fresh.token, { ...measure, title: 'By the new token' })).status, 200);
});

/** The refusals both services are asked, in order; each answer's status and problem body are compared. */
async function refusals(service: Service): Promise<Answer[]> {
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const first = await post(app, MEASURES, tokens.kaz, measure, { 'if-match': 'W/"0"' });
  const key = { 'idempotency-key': 'measure-once' };
  return [
    first,
    // A stale If-Match (the optimistic concurrency check): 412.
    await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Stale' }, { 'if-match': 'W/"0"' }),
    // An issue of a recommendation already issued: 409.
    await post(app, '/v1/recommendations', tokens.secretariat, paragraph10),
    // Another State's recommendation: 403; an unknown one: 404.
    await post(app, MEASURES, tokens.uzb, measure),
    await post(app, '/v1/recommendations/ccpr-c-kaz-co-9-99/measures', tokens.kaz, measure),
    // A rule of the domain: 422.
    await post(app, MEASURES, tokens.kaz, { ...measure, implementedOn: '1900-01-01' }),
    // The same Idempotency-Key: the first answer again; with another body, 422.
    await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Keyed' }, key),
    await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Keyed' }, key),
    await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Other body' }, key),
  ];
}

t.test('conflicts and refusals come back as the same problems as in one thread', async (t) => {
  const threadedService = await threaded(tempDir(t));
  t.teardown(() => threadedService.close());
  const plain = await startService({ dataDir: tempDir(t) });
  t.teardown(() => plain.close());
  const there = await refusals(threadedService);
  const here = await refusals(plain);
  t.equal(there.length, here.length);
  for (const [i, answer] of there.entries()) {
    const expected = here[i]!;
    t.equal(answer.status, expected.status, `answer ${i}: status ${expected.status}`);
    t.equal(answer.headers['content-type'], expected.headers['content-type'], `answer ${i}: content type`);
    if (expected.status >= 400) {
      assertProblem(t, answer, expected.status, `answer ${i}`);
      t.same(answer.json, expected.json, `answer ${i}: the same problem`);
    } else {
      t.same(
        { revision: answer.json.revision, events: answer.json.events },
        { revision: expected.json.revision, events: expected.json.events },
        `answer ${i}: the same outcome`,
      );
    }
  }
  t.equal(there[1]?.status, 412, 'a stale If-Match is 412');
  t.equal(there[7]?.body, there[6]?.body, 'a keyed retry answers the first answer again');
});
