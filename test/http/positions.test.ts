/** A log position out of range, wherever one is accepted, is a 400 problem naming it: never a store error. */
import t from 'tap';
import { assertProblem, get, loadFoundingCase, serviceFor } from './harness.js';

const TOO_LARGE = ['9223372036854775808', '18446744073709551615', '99999999999999999999', '123456789012345678901'];

t.test('positions from 2^63 are 400 in every query that takes one', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  for (const position of TOO_LARGE) {
    for (const url of [
      `/v1/events?after=${position}`,
      `/v1/events/stream?after=${position}`,
      `/v1/checkpoints/inclusion?position=${position}`,
      `/v1/recommendations?minPosition=${position}`,
      `/v1/states/KAZ/status?minPosition=${position}`,
    ]) {
      const answer = await get(service.app, url, service.tokens.admin);
      assertProblem(t, answer, 400, url);
    }
    const stream = await get(service.app, '/v1/events/stream', service.tokens.admin, { 'last-event-id': position });
    assertProblem(t, stream, 400, `Last-Event-ID: ${position}`);
    t.match(stream.json.detail, /Last-Event-ID/);
  }
  const answer = await get(service.app, '/v1/events?after=9223372036854775808');
  t.match(JSON.stringify(answer.json.errors), /2\^63 - 1/, 'the error says what range a position has');
});

t.test('the largest position, 2^63 - 1, is accepted: nothing after it', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const answer = await get(service.app, '/v1/events?after=9223372036854775807');
  t.equal(answer.status, 200);
  t.strictSame(answer.json.events, []);
});
