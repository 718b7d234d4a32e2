/** Text made only of invisible or formatting characters is a 400 naming the field, and nothing is recorded. */
import t from 'tap';
import { assertProblem, eventCount, loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

t.test('a measure titled with a zero-width space, a token named with an override: 400 naming the field', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const url = `/v1/recommendations/${PARA_10}/measures`;
  const title = await post(service.app, url, service.tokens.kaz, { ...measure, title: '\u200B' });
  assertProblem(t, title, 400, 'zero-width title');
  t.strictSame(
    title.json.errors.map((e: { path: string }) => e.path),
    ['body.title'],
  );
  t.match(title.json.detail, /\btitle must contain visible characters/);
  const evidence = await post(service.app, url, service.tokens.kaz, {
    ...measure,
    evidence: [{ title: '\u2066\u2069', url: 'https://example.org' }],
  });
  assertProblem(t, evidence, 400, 'invisible evidence title');
  t.strictSame(
    evidence.json.errors.map((e: { path: string }) => e.path),
    ['body.evidence.0.title'],
  );
  const token = await post(service.app, '/v1/tokens', service.tokens.admin, { name: '\u202E\u200F', role: 'reader' });
  assertProblem(t, token, 400, 'invisible token name');
  t.equal(await eventCount(service), before, 'nothing recorded');
  const kept = await post(service.app, url, service.tokens.kaz, { ...measure, title: 'Law \u202Eon torture' });
  t.equal(kept.status, 200, 'visible text with a control inside is recorded as given');
});
