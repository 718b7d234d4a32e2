/** Tokens issued with an expiry are refused after it with 401 and a clear message; those without keep working. */
import t from 'tap';
import { assertProblem, eventCount, get, post, serviceFor } from './harness.js';

t.test('a token with an expiry works until it, then is 401 saying it expired', async (t) => {
  const service = await serviceFor(t, { publicRead: false });
  const { app, tokens, followup } = service;
  // Three seconds from now: long enough to use it first on a busy machine.
  const soon = new Date(Date.now() + 3000);
  const issued = await post(app, '/v1/tokens', tokens.admin, {
    name: 'Visiting auditor',
    role: 'reader',
    expiresAt: soon.toISOString(),
  });
  t.equal(issued.status, 201);
  t.equal(issued.json.expiresAt, soon.toISOString(), 'the answer says when it expires');
  const events = await get(app, '/v1/events?type=TokenIssued', tokens.admin);
  const recorded = events.json.events.find((e: { data: { tokenId: string } }) => e.data.tokenId === issued.json.id);
  t.equal(recorded.data.expiresAt, soon.toISOString(), 'the TokenIssued event carries the expiry');

  t.equal((await get(app, '/v1/recommendations', issued.json.token)).status, 200, 'valid before its expiry');
  // A second after its expiry, as authentication sees it.
  const later = new Date(soon.getTime() + 1000);
  t.throws(() => followup.tokens.authenticate(issued.json.token, later), /expired at/);
  // Then for real: wait until the expiry has passed.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, soon.getTime() - Date.now()) + 50));
  const refused = await get(app, '/v1/recommendations', issued.json.token);
  assertProblem(t, refused, 401, 'after its expiry');
  t.match(refused.json.detail, `the bearer token expired at ${soon.toISOString()}`);
  t.equal(refused.headers['www-authenticate'], 'Bearer realm="followup"');
  t.equal((await get(app, '/v1/recommendations', tokens.reader)).status, 200, 'a token without expiry still works');
});

t.test('an expiry in the past, or not a date-time, is refused and nothing recorded', async (t) => {
  const service = await serviceFor(t);
  const before = await eventCount(service);
  const past = await post(service.app, '/v1/tokens', service.tokens.admin, {
    name: 'Late',
    role: 'reader',
    expiresAt: '2020-01-01T00:00:00Z',
  });
  assertProblem(t, past, 422, 'expiry in the past');
  t.match(past.json.detail, /must expire after it is issued/);
  const garbled = await post(service.app, '/v1/tokens', service.tokens.admin, {
    name: 'Late',
    role: 'reader',
    expiresAt: 'next week',
  });
  assertProblem(t, garbled, 400, 'expiry not a date-time');
  t.strictSame(
    garbled.json.errors.map((e: { path: string }) => e.path),
    ['body.expiresAt'],
  );
  t.equal(await eventCount(service), before, 'nothing recorded');
});
