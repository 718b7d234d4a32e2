/** Translations of a recommendation's text over HTTP: recorded as events, served by Accept-Language or ?lang=. */
import t from 'tap';
import { assertProblem, eventCount, get, loadFoundingCase, PARA_10, paragraph10, post, serviceFor } from './harness.js';

const FRENCH = 'L’État partie devrait aligner la définition de la torture sur l’article premier de la Convention.';
const SPANISH = 'El Estado parte debe armonizar la definición de tortura con el artículo 1 de la Convención.';
const url = `/v1/recommendations/${PARA_10}`;

t.test('a translation is recorded as an event and served when asked for; the original stays', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);

  const recorded = await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: FRENCH });
  t.equal(recorded.status, 200, recorded.body);
  t.strictSame(recorded.json.events, ['RecommendationTextTranslated']);
  t.equal(recorded.json.revision, 1);
  t.equal(recorded.headers.etag, 'W/"1"');
  await post(app, `${url}/translations`, tokens.admin, { language: 'es', text: SPANISH });

  const original = await get(app, url);
  t.equal(original.status, 200);
  t.equal(original.json.text, paragraph10.text, 'no preference: the original');
  t.equal(original.json.language, 'en');
  t.strictSame(original.json.languages, ['en', 'es', 'fr']);
  t.equal(original.headers['content-language'], 'en');
  t.match(original.headers.vary, /Accept-Language/);
  t.equal(original.json.revision, 2, 'the translations are revisions of the recommendation');

  const french = await get(app, url, undefined, { 'accept-language': 'fr-CA, fr;q=0.9, en;q=0.5' });
  t.equal(french.json.text, FRENCH);
  t.equal(french.json.language, 'fr');
  t.equal(french.headers['content-language'], 'fr');
  t.equal(french.headers.etag, 'W/"2:fr"', 'a translation names its language in the tag');
  t.equal(original.headers.etag, 'W/"2"');
  const otherLanguage = await get(app, url, undefined, { 'accept-language': 'fr', 'if-none-match': 'W/"2"' });
  t.equal(otherLanguage.status, 200, "the original's tag does not revalidate the French answer");
  const same = await get(app, url, undefined, { 'accept-language': 'fr', 'if-none-match': 'W/"2:fr"' });
  t.equal(same.status, 304);
  const listFr = await get(app, '/v1/recommendations?state=KAZ', undefined, { 'accept-language': 'fr' });
  const listEs = await get(app, '/v1/recommendations?state=KAZ', undefined, { 'accept-language': 'es' });
  t.not(listFr.headers.etag, listEs.headers.etag, "the list's tag covers Accept-Language");
  const matched = await post(
    app,
    `${url}/translations`,
    tokens.secretariat,
    { language: 'fr', text: FRENCH },
    {
      'if-match': 'W/"2:fr"',
    },
  );
  t.equal(matched.status, 200, 'If-Match takes a translated tag');

  const weighed = await get(app, url, undefined, { 'accept-language': 'fr;q=0.3, es;q=0.8, en;q=0.1' });
  t.equal(weighed.json.language, 'es', 'the q-values weigh');
  t.equal(weighed.json.text, SPANISH);

  const query = await get(app, `${url}?lang=es`, undefined, { 'accept-language': 'fr' });
  t.equal(query.json.language, 'es', '?lang= wins over Accept-Language');
  t.equal(query.headers['content-language'], 'es');

  const english = await get(app, `${url}?lang=en`);
  t.equal(english.json.text, paragraph10.text, 'the original is always there');

  const list = await get(app, '/v1/recommendations?state=KAZ&lang=fr');
  const item = list.json.items.find((i: { id: string }) => i.id === PARA_10);
  t.equal(item.text, FRENCH, 'the list serves the language asked for');
  t.equal(item.language, 'fr');
  const other = list.json.items.find((i: { id: string }) => i.id !== PARA_10);
  t.equal(other.language, 'en', 'one not translated: the original');

  const history = await get(app, `${url}/history`);
  t.strictSame(
    history.json.events.map((e: { type: string }) => e.type),
    ['RecommendationIssued', 'RecommendationTextTranslated', 'RecommendationTextTranslated'],
  );
});

t.test('a language not translated, or unknown, falls back to the original and says so', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const spanish = await get(service.app, url, undefined, { 'accept-language': 'es' });
  t.equal(spanish.json.text, paragraph10.text);
  t.equal(spanish.headers['content-language'], 'en');
  const german = await get(service.app, `${url}?lang=de-AT`);
  t.equal(german.json.language, 'en');
  const wildcard = await get(service.app, url, undefined, { 'accept-language': '*' });
  t.equal(wildcard.json.language, 'en');
});

t.test('a changed original drops the translations of the text before it', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: FRENCH });
  const changed = await service.followup.recommendations.recordFromSource(
    {
      principal: { kind: 'token', tokenId: 'import', name: 'import', role: 'admin', states: [] },
      correlationId: 'import-1',
      causationId: 'import-1',
    },
    [{ issue: { ...paragraph10, mechanism: 'CAT', text: 'A new wording at the source.' }, recorded: true }],
  );
  t.equal(changed.length, 1);
  const read = await get(app, `${url}?lang=fr`);
  t.equal(read.json.text, 'A new wording at the source.');
  t.equal(read.json.language, 'en');
  t.strictSame(read.json.languages, ['en']);
});

t.test('bad translations are refused with a problem, and nothing is recorded', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);

  assertProblem(t, await post(app, `${url}/translations`, tokens.secretariat, { language: 'de', text: 'x' }), 400);
  assertProblem(t, await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: '  ' }), 400);
  const original = await post(app, `${url}/translations`, tokens.secretariat, { language: 'en', text: 'Define' });
  assertProblem(t, original, 409);
  t.match(original.json.detail, /original/);
  assertProblem(t, await post(app, `${url}/translations`, tokens.kaz, { language: 'fr', text: FRENCH }), 403);
  assertProblem(t, await post(app, `${url}/translations`, tokens.reader, { language: 'fr', text: FRENCH }), 403);
  assertProblem(
    t,
    await post(app, '/v1/recommendations/no-such/translations', tokens.secretariat, { language: 'fr', text: FRENCH }),
    404,
  );
  assertProblem(t, await get(app, `${url}?lang=fr_FR`), 400);
  assertProblem(
    t,
    await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: FRENCH }, { 'if-match': '"7"' }),
    412,
  );
  t.equal(await eventCount(service), before, 'nothing recorded');
});

t.test('the same translation again records nothing; Idempotency-Key replays the answer', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const key = { 'idempotency-key': 'translate-10-fr' };
  const first = await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: FRENCH }, key);
  const replay = await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: FRENCH }, key);
  t.strictSame(replay.json, first.json);
  const before = await eventCount(service);
  const again = await post(app, `${url}/translations`, tokens.secretariat, { language: 'fr', text: FRENCH });
  t.equal(again.status, 200);
  t.strictSame(again.json.events, []);
  t.equal(await eventCount(service), before);
});
