/** Defect 8: commands accepted unknown query parameters, though the contract makes requests strict. */
import t from 'tap';
import {
  assertProblem,
  call,
  eventCount,
  issueToken,
  loadFoundingCase,
  measure,
  PARA_10,
  post,
  presentation,
  REPORT_ID,
  serviceFor,
  submitReport,
} from './harness.js';

t.test('a command with an unknown query parameter is 400 naming it, and appends nothing', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const { app, tokens } = service;
  const { id } = await issueToken(app, { name: 'to revoke', role: 'reader' });
  const before = await eventCount(service);
  const commands: [string, string, string, unknown][] = [
    ['POST', '/v1/reports?dryRun=true', tokens.kaz, { ...submitReport, symbol: 'CAT/C/KAZ/5', cycle: 5 }],
    ['POST', `/v1/reports/${REPORT_ID}/presentation?force=1`, tokens.secretariat, presentation],
    ['POST', `/v1/recommendations/${PARA_10}/measures?state=UZB`, tokens.kaz, measure],
    ['POST', '/v1/tokens?role=admin', tokens.admin, { name: 'x', role: 'reader' }],
    ['DELETE', `/v1/tokens/${id}?soft=true`, tokens.admin, undefined],
  ];
  for (const [method, url, token, body] of commands) {
    const answer = await call(app, { method: method as 'POST', url, token, body });
    assertProblem(t, answer, 400, `${method} ${url}`);
    const key = url.split('?')[1]!.split('=')[0];
    t.match(answer.json.errors, [{ path: `querystring.${key}`, message: 'is not a known field' }], 'names the key');
  }
  t.equal(await eventCount(service), before, 'nothing appended');
  const plain = await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure);
  t.equal(plain.status, 200, 'without the parameter the command runs');
});
