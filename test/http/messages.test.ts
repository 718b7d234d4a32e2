/** Validation failures in the service's own words: the field named, what it expects said, no library text. */
import t from 'tap';
import { expectation } from '../../src/http/validation-messages.js';
import { assertProblem, get, paragraph10, post, serviceFor, submitReport } from './harness.js';

/** Texts zod and fastify write that a client should never read. */
const LIBRARY_TEXT =
  /Invalid input|expected number|received|Too (big|small)|Invalid option|Unrecognized|is not valid|params|querystring is/;

t.test('each bad query, path and body answers a sentence naming the field and what it expects', async (t) => {
  const { app, tokens } = await serviceFor(t);
  const cases: [string, () => ReturnType<typeof get>, RegExp][] = [
    ['limit=abc', () => get(app, '/v1/recommendations?limit=abc'), /^query parameter limit must be a number$/],
    ['limit=0', () => get(app, '/v1/recommendations?limit=0'), /^query parameter limit must be at least 1$/],
    ['limit=501', () => get(app, '/v1/recommendations?limit=501'), /^query parameter limit must be at most 500$/],
    ['limit=1.5', () => get(app, '/v1/recommendations?limit=1.5'), /^query parameter limit must be a whole number$/],
    [
      'status=done',
      () => get(app, '/v1/recommendations?status=done'),
      /^query parameter status must be one of no_information, not_started, in_progress, implemented$/,
    ],
    ['sate=KAZ', () => get(app, '/v1/recommendations?sate=KAZ'), /^query parameter sate is not a known field$/],
    [
      'a State nobody knows',
      () => get(app, '/v1/states/Narnia/status'),
      /^path parameter state must be a State: its ISO 3166-1 alpha-3 code \(KAZ, in any case\) or its name/,
    ],
    [
      'asOf',
      () => get(app, '/v1/states/KAZ/status?asOf=13/05/2024'),
      /^query parameter asOf must be a calendar date YYYY-MM-DD$/,
    ],
    [
      'recordedBefore',
      () => get(app, '/v1/states/KAZ/status?recordedBefore=soon'),
      /^query parameter recordedBefore must be an ISO 8601 date-time .* or a calendar date YYYY-MM-DD$/,
    ],
    [
      'a missing field',
      () => post(app, '/v1/reports', tokens.kaz, { ...submitReport, symbol: undefined }),
      /^field symbol is required$/,
    ],
    [
      'a number as text',
      () => post(app, '/v1/reports', tokens.kaz, { ...submitReport, cycle: 'four' }),
      /^field cycle must be a number$/,
    ],
    [
      'an empty text',
      () => post(app, '/v1/recommendations', tokens.secretariat, { ...paragraph10, text: '' }),
      /^field text must not be empty$/,
    ],
    [
      'a nested date',
      () => post(app, '/v1/recommendations', tokens.secretariat, { ...paragraph10, followUp: { deadline: 'soon' } }),
      /^field followUp\.deadline must be a calendar date YYYY-MM-DD$/,
    ],
  ];
  for (const [what, ask, detail] of cases) {
    const answer = await ask();
    assertProblem(t, answer, 400, what);
    t.match(answer.json.detail, detail, what);
    const words = [answer.json.detail, ...answer.json.errors.map((e: { message: string }) => e.message)].join('\n');
    t.notMatch(words, LIBRARY_TEXT, `${what}: no library text`);
  }
});

t.test('the formatter covers every kind of zod issue a schema here can raise', async (t) => {
  t.equal(
    expectation({ code: 'invalid_type', expected: 'number', message: 'Invalid input: expected number, received NaN' }),
    'must be a number',
  );
  t.equal(
    expectation({
      code: 'invalid_type',
      expected: 'string',
      message: 'Invalid input: expected string, received undefined',
    }),
    'is required',
  );
  t.equal(
    expectation({ code: 'too_big', origin: 'string', maximum: 500, message: 'Too big' }),
    'must be at most 500 characters long',
  );
  t.equal(
    expectation({ code: 'too_small', origin: 'array', minimum: 1, message: 'Too small' }),
    'must list at least one item',
  );
  t.equal(
    expectation({ code: 'too_small', origin: 'number', minimum: 0, inclusive: false, message: 'Too small' }),
    'must be greater than 0',
  );
  t.equal(expectation({ code: 'invalid_value', values: ['A', 'B'], message: 'Invalid option' }), 'must be one of A, B');
  t.equal(
    expectation({ code: 'invalid_format', format: 'regex', message: 'Invalid string: must match pattern /x/' }),
    'is not in the expected form',
  );
  t.equal(
    expectation({ code: 'custom', message: 'must be a paragraph number like 12' }),
    'must be a paragraph number like 12',
    'our own message kept',
  );
  t.equal(expectation({ code: 'custom', message: 'Invalid input' }), 'is not valid');
});

t.test('a command names its State by code in any case or by name; the log keeps the code', async (t) => {
  const { app, tokens } = await serviceFor(t);
  const submitted = await post(app, '/v1/reports', tokens.kaz, { ...submitReport, state: 'kaz' });
  t.equal(submitted.status, 201, 'kaz', { body: submitted.body });
  const report = await get(app, `/v1/reports/${submitted.json.id}`);
  t.equal(report.json.state, 'KAZ', 'recorded under its code');
  const issued = await post(app, '/v1/recommendations', tokens.secretariat, {
    ...paragraph10,
    state: 'Kazakhstan',
    reportId: submitted.json.id,
  });
  t.equal(issued.status, 201, 'Kazakhstan', { body: issued.body });
  t.equal((await get(app, `/v1/recommendations/${issued.json.id}`)).json.state, 'KAZ');
  const other = await post(app, '/v1/reports', tokens.kaz, { ...submitReport, symbol: 'CAT/C/UZB/6', state: 'uzb' });
  t.equal(other.status, 403, 'a State token acts for its own State only, however the other is written');
});
