import t from 'tap';
import { assertProblem, eventCount, get, post, serviceFor } from './harness.js';

// Illustrative recommendations to Kazakhstan: two in areas where the CRC says "urgent measures must be taken", a
// CEDAW one designated a priority, a CRC one without designation.
const crc = { state: 'KAZ', mechanism: 'CRC', symbol: 'CRC/C/KAZ/CO/5', issuedOn: '2019-02-01' } as const;

t.test('urgent measures and priorities are recorded, shown and filterable', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const issue = async (body: object) => {
    const answer = await post(app, '/v1/recommendations', tokens.secretariat, body);
    t.equal(answer.status, 201, answer.body);
    return answer.json.id as string;
  };
  const violence = await issue({
    ...crc,
    paragraph: '18',
    text: 'End violence against children.',
    priority: 'urgent_measures',
  });
  const birth = await issue({ ...crc, paragraph: '20', text: 'Register every birth.', priority: 'urgent_measures' });
  const play = await issue({ ...crc, paragraph: '35', text: 'Provide for play and leisure.' });
  const cedaw = await issue({
    state: 'KAZ',
    mechanism: 'CEDAW',
    symbol: 'CEDAW/C/KAZ/CO/5',
    paragraph: '12',
    text: 'Adopt a comprehensive definition of discrimination against women.',
    issuedOn: '2019-11-12',
    priority: 'priority',
  });

  const one = await get(app, `/v1/recommendations/${violence}`);
  t.equal(one.json.priority, 'urgent_measures');
  t.notOk('priority' in (await get(app, `/v1/recommendations/${play}`)).json, 'absent where none was designated');

  const ids = async (query: string) => {
    const answer = await get(app, `/v1/recommendations?${query}`);
    t.equal(answer.status, 200, answer.body);
    return answer.json.items.map((item: { id: string }) => item.id).sort();
  };
  t.strictSame(await ids('priority=urgent_measures'), [violence, birth].sort());
  t.strictSame(await ids('priority=priority'), [cedaw]);
  t.strictSame(await ids('priority=urgent_measures&mechanism=CEDAW'), []);
  t.strictSame(await ids('state=KAZ&priority=priority&q=discrimination'), [cedaw], 'with a search too');
  assertProblem(t, await get(app, '/v1/recommendations?priority=high'), 400, 'not a designation');
});

t.test('urgent measures are the CRC’s: another body’s is refused and nothing is recorded', async (t) => {
  const service = await serviceFor(t);
  const before = await eventCount(service);
  const answer = await post(service.app, '/v1/recommendations', service.tokens.secretariat, {
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: '10',
    text: 'Define torture.',
    issuedOn: '2023-05-10',
    priority: 'urgent_measures',
  });
  assertProblem(t, answer, 422, 'urgent measures by the CAT');
  t.match(answer.json.detail, /designated by the CRC, not by the CAT/);
  t.equal(await eventCount(service), before, 'nothing appended');
});
