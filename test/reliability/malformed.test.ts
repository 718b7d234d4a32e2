/**
 * R4: generated malformed requests — bad JSON, wrong types, unknown and prototype-polluting keys, huge bodies, odd
 * Unicode, wrong content types, garbled headers, query strings and path parameters — never answer 5xx, never append
 * an event, and always answer application/problem+json.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import {
  ADMIN_TOKEN,
  measure,
  PARA_10,
  paragraph10,
  presentation,
  REPORT_ID,
  submitReport,
  UPR_ID,
} from '../http/harness.js';
import { SOAK, seedFrom } from './read-models.js';
import { serviceFor } from './service.js';

const RUNS = SOAK ? 100_000 : 10_000;
// Ten thousand requests on a busy machine: more room than the default per-file timeout.
t.setTimeout(SOAK ? 1_800_000 : 300_000);

/** Write routes with a body that would be accepted as sent; each request spoils it in at least one way. */
const WRITES = [
  { path: '/v1/reports', body: { ...submitReport, symbol: 'CAT/C/KAZ/5', cycle: 5 }, id: false },
  { path: `/v1/reports/${REPORT_ID}/presentation`, body: presentation, id: true },
  {
    path: `/v1/reports/${REPORT_ID}/concluding-observations`,
    body: { symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10' },
    id: true,
  },
  { path: '/v1/recommendations', body: { ...paragraph10, paragraph: '99' }, id: false },
  { path: `/v1/recommendations/${UPR_ID}/responses`, body: { position: 'noted', respondedOn: '2020-06-30' }, id: true },
  {
    path: `/v1/recommendations/${PARA_10}/measures`,
    body: { ...measure, evidence: [{ title: 'Law', url: 'https://adilet.zan.kz/' }] },
    id: true,
  },
  {
    path: `/v1/recommendations/${PARA_10}/follow-up-replies`,
    body: { receivedOn: '2024-05-13', summary: 'Reply' },
    id: true,
  },
  { path: `/v1/recommendations/${PARA_10}/assessments`, body: { grade: 'B1', assessedOn: '2025-05-02' }, id: true },
  { path: '/v1/tokens', body: { name: 'another', role: 'state', states: ['KAZ'] }, id: false },
] as const;

/** Read routes with a valid query; each request spoils the query, the path or the token. */
const READS = [
  '/v1/recommendations?state=KAZ&limit=10',
  `/v1/recommendations/${PARA_10}`,
  `/v1/recommendations/${PARA_10}/history`,
  '/v1/states/KAZ/status?asOf=2024-01-01',
  `/v1/reports/${REPORT_ID}`,
  '/v1/events?after=0&limit=5',
  '/v1/states',
] as const;

const NOT_JSON_TYPES = [
  'text/plain',
  'text/html',
  'text/json',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'image/png',
  'application/jsonl',
];

/** Text as odd as Unicode allows: lone surrogates, controls, NUL, right-to-left marks, emoji, combining marks. */
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\u202e\u0041',
    '\ud800',
    '\udfff\ud800',
    'e\u0301\u0301\u0301',
    '\ufeff',
    '🏳️‍🌈',
    '%00',
    '../..',
  ),
);
/** Header values a client can send: visible Latin-1 only (anything else never leaves the client). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString'];

/** A JSON value of another type than the one given. */
const wrongTypeFor = (value: unknown) =>
  fc
    .oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
      oddText,
    )
    .filter((other) => jsonKind(other) !== jsonKind(value));
const jsonKind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const HUGE = JSON.stringify({ ...paragraph10, paragraph: '98', text: 'x'.repeat(600 * 1024) });

/** Headers around the request: odd but each harmless on its own, so the spoilt part decides the answer. */
const noise = fc.record(
  {
    authorization: fc.constantFrom(`Bearer ${ADMIN_TOKEN}`),
    'x-request-id': headerText,
    'x-correlation-id': headerText,
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/x-ndjson', 'image/*'),
    'accept-language': headerText,
    'x-forwarded-for': headerText,
    'idempotency-key': fc.string({
      minLength: 1,
      maxLength: 40,
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    }),
  },
  { requiredKeys: ['authorization'] },
);

/** One malformed write: what spoils it, and the noise around it. */
const malformedWrite = fc.constantFrom(...WRITES).chain((route) => {
  const body = route.body as Record<string, unknown>;
  const keys = Object.keys(body);
  const json = (value: unknown) => ({ payload: JSON.stringify(value), type: 'application/json', path: route.path });
  const spoiled = fc.oneof(
    // not JSON at all, or JSON cut short
    fc.string({ maxLength: 60 }).map((text) => ({ payload: `${text}{`, type: 'application/json', path: route.path })),
    fc
      .nat(JSON.stringify(body).length - 1)
      .map((cut) => ({ payload: JSON.stringify(body).slice(0, cut), type: 'application/json', path: route.path })),
    // bytes that are not UTF-8
    fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => ({
      payload: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes)]),
      type: 'application/json',
      path: route.path,
    })),
    // a field of the wrong type
    fc.constantFrom(...keys).chain((key) => wrongTypeFor(body[key]).map((value) => json({ ...body, [key]: value }))),
    // an unknown field, named oddly
    oddText.filter((key) => !keys.includes(key)).map((key) => json({ ...body, [key]: 1 })),
    // prototype pollution, written as JSON text so the key really is in the body
    fc.tuple(fc.constantFrom(...POLLUTING_KEYS), fc.boolean()).map(([key, nested]) => ({
      payload: `${JSON.stringify(body).slice(0, -1)},${nested ? `"evidence":[{"${key}":{"polluted":true}}]` : `"${key}":{"polluted":true,"prototype":{"polluted":true}}`}}`,
      type: 'application/json',
      path: route.path,
    })),
    // not a JSON object
    fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.constant(body), { maxLength: 2 }), oddText).map(json),
    // a content type that is not JSON
    fc.constantFrom(...NOT_JSON_TYPES).map((type) => ({ payload: JSON.stringify(body), type, path: route.path })),
    // an unknown resource in the path, oddly named
    oddText.map((id) => ({
      payload: JSON.stringify(body),
      type: 'application/json',
      path: route.id
        ? route.path.replace(/\/v1\/(\w+)\/[^/]+/, `/v1/$1/zz-${safeSegment(id)}`)
        : `${route.path}/zz-${safeSegment(id)}`,
    })),
    // a body over the limit (rarely: it is large)
    fc.constant({ payload: HUGE, type: 'application/json', path: '/v1/recommendations' }),
  );
  return fc.record({
    spoiled,
    method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'PUT', 'PATCH'),
    headers: noise,
    query: fc.option(fc.tuple(oddText, oddText), { nil: undefined }),
  });
});

/** A read that is wrong in its query, its path or its token. */
const malformedRead = fc.record({
  path: fc.constantFrom(...READS),
  how: fc.oneof(
    fc.tuple(
      fc.constant('unknown-query' as const),
      oddText.filter((k) => !['state', 'limit', 'asOf', 'after', 'cursor'].includes(k)),
    ),
    fc.tuple(
      fc.constant('bad-value' as const),
      oddText.filter((v) => !/^\d{1,3}$/.test(v)),
    ),
    fc.tuple(fc.constant('bad-token' as const), headerText),
    fc.tuple(fc.constant('bad-path' as const), oddText),
  ),
  headers: noise,
});

function safeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%E0%A4%A'; // a lone surrogate cannot be encoded: send a broken escape instead
  }
}

function spoilRead(path: string, how: [string, string]): { url: string; token?: string } {
  const [kind, value] = how;
  const [base = path, query] = path.split('?');
  if (kind === 'unknown-query') return { url: `${base}?${query ? `${query}&` : ''}${safeSegment(value)}=1` };
  if (kind === 'bad-value') {
    const name = query?.split('=')[0] ?? 'limit';
    return {
      url: `${base}?${name === 'state' || name === 'asOf' || name === 'after' ? name : 'limit'}=${safeSegment(value)}x`,
    };
  }
  if (kind === 'bad-token') return { url: path, token: `${value}-not-a-token` };
  const known = /\/(KAZ|cat-c-kaz-[a-z0-9-]+)(\/|$)/;
  const odd = `zz-${safeSegment(value)}`;
  return { url: known.test(base) ? base.replace(known, `/${odd}$2`) : `${base}/${odd}/zz` };
}

t.test(`${RUNS} malformed requests: no 5xx, no event, problem+json every time`, async (t) => {
  const seed = seedFrom(20_261_128);
  t.comment(`fast-check seed ${seed} (FOLLOWUP_SEED=${seed} replays this run)`);
  const service = await serviceFor(t);
  const { app, followup } = service;
  const head = await followup.store.headPosition();
  const statuses = new Map<number, number>();
  let requests = 0;

  const check = async (options: InjectOptions) => {
    const response = await app.inject(options);
    requests++;
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    const problem = JSON.parse(response.body);
    const ok =
      response.statusCode >= 400 &&
      response.statusCode < 500 &&
      /^application\/problem\+json/.test(String(response.headers['content-type'])) &&
      problem.status === response.statusCode &&
      typeof problem.type === 'string' &&
      typeof problem.detail === 'string' &&
      !/\n\s+at |SQLITE|node_modules/.test(response.body) &&
      (await followup.store.headPosition()) === head &&
      ({} as Record<string, unknown>).polluted === undefined;
    if (!ok)
      t.fail('a malformed request was not refused as a 4xx problem', {
        request: options,
        status: response.statusCode,
        body: response.body.slice(0, 500),
      });
    return ok;
  };

  await fc.assert(
    fc.asyncProperty(
      fc.oneof({ arbitrary: malformedWrite, weight: 3 }, { arbitrary: malformedRead, weight: 1 }),
      async (request) => {
        if ('spoiled' in request) {
          const { spoiled, method, headers, query } = request;
          const url = query ? `${spoiled.path}?${safeSegment(query[0])}=${safeSegment(query[1])}` : spoiled.path;
          return check({
            method,
            url,
            payload: spoiled.payload,
            headers: { ...headers, 'content-type': spoiled.type },
          });
        }
        const { url, token } = spoilRead(request.path, request.how);
        const headers: Record<string, string> = { ...request.headers };
        if (token !== undefined) headers.authorization = `Bearer ${token}`;
        else delete headers.authorization;
        delete headers['idempotency-key'];
        return check({ method: 'GET', url, headers });
      },
    ),
    { numRuns: RUNS, seed, endOnFailure: true },
  );

  t.equal(await followup.store.headPosition(), head, 'no event appended by any of them');
  t.equal(Object.getOwnPropertyNames(Object.prototype).includes('polluted'), false, 'Object.prototype untouched');
  const spread = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  t.comment(`R4 figures: ${requests} malformed requests, 0 answered 5xx, 0 events appended; statuses ${spread}`);
});
