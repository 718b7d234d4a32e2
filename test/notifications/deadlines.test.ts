/**
 * Deadline notices from the scheduler inside the service, judged by an injected clock: 30 days before a follow-up
 * deadline and the day after it, each recorded once across repeated runs and a restart with days missed while down,
 * none for a follow-up replied to in time, and delivered to a real receiver once each.
 */
import t from 'tap';
import { verifyLog } from '../../src/app/verify.js';
import { recommendationId } from '../../src/domain/identity.js';
import { NOTICE_EVENT_TYPES } from '../../src/domain/subscription/notice.js';
import { paragraph10, post, type Service, startService, tempDir } from '../http/harness.js';
import { Receiver, until } from './receiver.js';

const SYMBOL = 'CAT/C/KAZ/CO/5';
const DEADLINE = '2027-02-15';
const { reportId: _report, ...issued } = paragraph10;
const open = { ...issued, symbol: SYMBOL, paragraph: '7', issuedOn: '2026-02-10', followUp: { deadline: DEADLINE } };
const replied = { ...open, paragraph: '8' };
const OPEN_ID = recommendationId(SYMBOL, '7');
const REPLIED_ID = recommendationId(SYMBOL, '8');

async function deadlineNotices(service: Service) {
  const found: { type: string; data: { recommendationId: string; dueOn: string; deadline: string } }[] = [];
  for await (const event of service.followup.store.readAll({ filter: { categories: ['notice'] } })) {
    found.push(event as never);
  }
  return found.map((event) => ({ type: event.type, id: event.data.recommendationId, dueOn: event.data.dueOn }));
}

t.test('deadline notices across the 30-day and the deadline boundaries, a restart and repeated runs', async (t) => {
  const dataDir = tempDir(t);
  let day = '2027-01-15';
  const now = () => new Date(`${day}T12:00:00Z`);
  const options = { allowedHosts: ['127.0.0.1'], now, pollMs: 20, backoffMs: 20, maxBackoffMs: 200 };
  let service = await startService({ dataDir, notifications: options });
  const { tokens } = service;
  for (const body of [open, replied]) {
    const answer = await post(service.app, '/v1/recommendations', tokens.secretariat, body);
    t.equal(answer.status, 201, 'issued', { body: answer.body });
  }

  t.equal(await service.followup.notifications.schedule(), 0, '31 days before the deadline: nothing due');
  day = '2027-01-16';
  t.equal(await service.followup.notifications.schedule(), 2, '30 days before: both are told the deadline nears');
  t.equal(await service.followup.notifications.schedule(), 0, 'a second run the same day records nothing again');
  t.same(await deadlineNotices(service), [
    { type: 'FollowUpDeadlineApproaching', id: OPEN_ID, dueOn: '2027-01-16' },
    { type: 'FollowUpDeadlineApproaching', id: REPLIED_ID, dueOn: '2027-01-16' },
  ]);

  // One State replies in time; then the service stops, and is down over the deadline.
  const reply = await post(service.app, `/v1/recommendations/${REPLIED_ID}/follow-up-replies`, tokens.kaz, {
    receivedOn: '2027-02-01',
  });
  t.equal(reply.status, 200);
  day = '2027-02-15';
  t.equal(await service.followup.notifications.schedule(), 0, 'on the deadline itself: not yet overdue');
  await service.close();
  day = '2027-02-20';
  service = await startService({ dataDir, notifications: options });
  t.teardown(() => service.close());
  t.equal(await service.followup.notifications.schedule(), 1, 'after the restart: the missed day is gone through');
  t.equal(await service.followup.notifications.schedule(), 0, 'and only once');
  t.same((await deadlineNotices(service)).slice(2), [
    { type: 'FollowUpDeadlinePassed', id: OPEN_ID, dueOn: '2027-02-16' },
  ]);
  const status = await post(service.app, '/v1/recommendations', tokens.secretariat, {
    ...open,
    paragraph: '9',
    issuedOn: '2027-02-18',
    followUp: { deadline: '2027-03-01' },
  });
  t.equal(status.status, 201);
  t.equal(
    await service.followup.notifications.schedule(),
    1,
    'a deadline learnt of inside its 30 days is told at once',
  );

  // A subscription made now gets the notices recorded after it, once each.
  const receiver = new Receiver({});
  await receiver.start();
  t.teardown(() => receiver.stop());
  const secret = 'deadline-receiver-secret-0123456789abcdef';
  const made = await post(service.app, '/v1/subscriptions', tokens.kaz, {
    url: receiver.url,
    secret,
    states: ['KAZ'],
    notices: ['deadline.approaching', 'deadline.passed'],
  });
  t.equal(made.status, 201, 'subscribed', { body: made.body });
  receiver.secret(made.json.id, secret);
  day = '2027-03-02';
  service.followup.notifications.start();
  await until(() => receiver.of(made.json.id).length >= 1, 15_000, 'the passed notice');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const got = receiver.of(made.json.id);
  t.same(
    got.map((notice) => [notice.body.type, notice.body.recommendation.id, notice.body.data.dueOn]),
    [['deadline.passed', recommendationId(SYMBOL, '9'), '2027-03-02']],
    'the notice due after subscribing, once',
  );
  t.ok(got[0]?.signatureValid, 'signed');
  t.ok(NOTICE_EVENT_TYPES.includes('FollowUpDeadlinePassed'));
  const verified = await verifyLog(service.followup.store, { configuredAdmin: true });
  t.ok(verified.ok, 'the log with its subscriptions and notices still verifies whole', { verified });
});
