/**
 * The service as run (`followup serve` in a child process) delivers notices to a receiver allowed by
 * FOLLOWUP_WEBHOOK_ALLOWED_HOSTS, and loses none when killed (-9) while its receiver is down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { recommendationId } from '../../src/domain/identity.js';
import { send, startServer } from '../reliability/server.js';
import { Receiver, until } from './receiver.js';

const ADMIN = 'serve-test-admin-token-0123456789-abcdef';
const SECRET = 'serve-test-webhook-secret-0123456789abcdef';
const SYMBOL = 'CAT/C/KAZ/CO/5';
const issued = {
  state: 'KAZ',
  mechanism: 'CAT',
  symbol: SYMBOL,
  paragraph: '11',
  text: 'Ensure that all detained persons are afforded every fundamental legal safeguard from the outset.',
  issuedOn: '2026-02-10',
  themes: ['Torture'],
  sdgs: [],
  affectedPersons: [],
  recommendingStates: [],
  followUp: { deadline: '2027-02-15' },
};
const ID = recommendationId(SYMBOL, '11');

t.test('followup serve delivers, and a crash while the receiver is down loses nothing', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-webhooks-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const receiver = new Receiver({});
  await receiver.start();
  t.teardown(() => receiver.stop());
  const env = { FOLLOWUP_ADMIN_TOKEN: ADMIN, FOLLOWUP_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
  let server = await startServer(dataDir, env);
  t.teardown(() => server.kill9());

  const recorded = await send(server.url, 'POST', '/v1/recommendations', ADMIN, issued);
  t.equal(recorded.status, 201, 'issued', { body: recorded.json });
  const made = await send(server.url, 'POST', '/v1/subscriptions', ADMIN, { url: receiver.url, secret: SECRET });
  t.equal(made.status, 201, 'subscribed', { body: made.json });
  receiver.secret(made.json.id, SECRET);
  const refused = await send(server.url, 'POST', '/v1/subscriptions', ADMIN, {
    url: 'http://192.168.1.1/hook',
    secret: SECRET,
  });
  t.equal(refused.status, 422, 'a private address not listed is refused');

  await send(server.url, 'POST', `/v1/recommendations/${ID}/follow-up-replies`, ADMIN, { receivedOn: '2027-01-10' });
  await until(() => receiver.accepted.length === 1, 20_000, 'the first notice');

  // The receiver goes down; a grade is recorded; the service is killed before it could deliver it.
  await receiver.stop();
  const graded = await send(server.url, 'POST', `/v1/recommendations/${ID}/assessments`, ADMIN, {
    grade: 'A',
    assessedOn: '2027-03-01',
  });
  t.equal(graded.status, 200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await server.kill9();
  server = await startServer(dataDir, env);
  await receiver.start();
  await until(() => receiver.accepted.length >= 2, 30_000, 'the notice recorded before the crash');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.same(
    receiver.accepted.map((notice) => notice.body.type),
    ['reply.recorded', 'grade.recorded'],
    'each notice once, in order',
  );
  t.ok(
    receiver.accepted.every((notice) => notice.signatureValid),
    'signed',
  );
  t.equal(await server.stop(), 0, 'a graceful stop');
});
