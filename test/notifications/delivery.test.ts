/**
 * Webhook notices reach a real HTTP receiver exactly once per subscription, in the log's order, with valid
 * signatures, across a receiver answering 500, a receiver that is down, and a restart of the service on its SQLite
 * file. The receiver is on 127.0.0.1, allowed the way an admin allows it: FOLLOWUP_WEBHOOK_ALLOWED_HOSTS.
 */
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { NOTICE_EVENT_TYPES, NOTICE_OF_EVENT } from '../../src/domain/subscription/notice.js';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import {
  get,
  loadFoundingCase,
  PARA_10,
  PARA_12A,
  post,
  type Service,
  startService,
  tempDir,
  UPR_ID,
} from '../http/harness.js';
import { Receiver, until } from './receiver.js';

const SECRET_STATE = 'kaz-nmirf-webhook-secret-0123456789abcdef';
const SECRET_SECRETARIAT = 'cat-secretariat-secret-0123456789abcdefghij';

const config = loadConfig({ FOLLOWUP_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, 10.20.0.0/16' });
const notifications = { allowedHosts: config.webhookAllowedHosts, pollMs: 20, backoffMs: 20, maxBackoffMs: 200 };

async function noticesInLog(service: Service, after: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of service.followup.store.readAll({ after, filter: { types: NOTICE_EVENT_TYPES } })) {
    events.push(event);
  }
  return events;
}

t.test('every notice exactly once per subscription across a receiver outage and a restart', async (t) => {
  t.equal(config.webhookAllowedHosts.length, 2, 'the allow list is read from the environment');
  const dataDir = tempDir(t);
  const receiver = new Receiver({});
  await receiver.start();
  t.teardown(() => receiver.stop());

  let service = await startService({ dataDir, notifications });
  await loadFoundingCase(service);
  const ok = async (url: string, token: string, body: unknown) => {
    const answer = await post(service.app, url, token, body);
    t.ok(answer.status < 300, `${url} answered ${answer.status}`, { body: answer.body });
    return answer;
  };

  // A State follows its own notices of every kind; the secretariat follows replies and grades of CAT.
  const mine = await ok('/v1/subscriptions', service.tokens.kaz, {
    url: receiver.url,
    secret: SECRET_STATE,
    states: ['KAZ'],
    description: 'NMIRF Kazakhstan',
  });
  t.equal(mine.status, 201);
  t.match(mine.headers.location, `/v1/subscriptions/${mine.json.id}`);
  const theirs = await ok('/v1/subscriptions', service.tokens.secretariat, {
    url: receiver.url,
    secret: SECRET_SECRETARIAT,
    mechanisms: ['CAT'],
    notices: ['reply.recorded', 'grade.recorded'],
  });
  receiver.secret(mine.json.id, SECRET_STATE);
  receiver.secret(theirs.json.id, SECRET_SECRETARIAT);
  service.followup.notifications.start();

  // 1. The receiver answers.
  await ok(`/v1/recommendations/${PARA_10}/follow-up-replies`, service.tokens.kaz, { receivedOn: '2024-05-13' });
  await ok(`/v1/recommendations/${PARA_10}/assessments`, service.tokens.secretariat, {
    grade: 'B',
    assessedOn: '2024-11-29',
  });
  await until(() => receiver.of(theirs.json.id).length === 2, 15_000, 'the first notices');

  // 2. The receiver answers 500 for a while: the notice is tried again, later and later; commands never wait.
  receiver.failing = true;
  const reminder = await ok(`/v1/recommendations/${PARA_12A}/follow-up-reminders`, service.tokens.secretariat, {
    sentOn: '2024-09-02',
  });
  t.equal(reminder.status, 200, 'a command is answered while the receiver fails');
  await until(() => receiver.refusedCount >= 3, 15_000, 'retries against a failing receiver');
  const metrics = await get(service.app, '/metrics');
  t.match(metrics.body, /\nfollowup_webhook_subscriptions_failing 1\n/, 'the held subscription is in the metrics');
  t.match(metrics.body, /\nfollowup_webhook_most_failed_attempts [1-9]\d*\n/);

  // 3. The receiver goes down; more is recorded; the service restarts on its file.
  await receiver.stop();
  receiver.failing = false;
  await ok(`/v1/recommendations/${PARA_12A}/follow-up-replies`, service.tokens.kaz, { receivedOn: '2024-10-01' });
  await ok(`/v1/recommendations/${PARA_12A}/assessments`, service.tokens.secretariat, {
    grade: 'C',
    assessedOn: '2024-11-29',
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await service.close();

  service = await startService({ dataDir, notifications });
  t.teardown(() => service.close());
  service.followup.notifications.start();
  const downLog = await get(service.app, `/v1/subscriptions/${mine.json.id}/deliveries`, service.tokens.kaz);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await receiver.start();

  const expected = async (id: string, wanted: (type: string) => boolean) => {
    const subscription = await get(service.app, `/v1/subscriptions/${id}`, service.tokens.admin);
    return (await noticesInLog(service, subscription.json.position)).filter((event) => wanted(event.type));
  };
  const forMine = await expected(mine.json.id, () => true);
  const forTheirs = await expected(theirs.json.id, (type) =>
    ['reply.recorded', 'grade.recorded'].includes(NOTICE_OF_EVENT[type] ?? ''),
  );
  t.equal(forMine.length, 5, 'the State is owed five notices: two replies, two grades, a reminder');
  t.equal(forTheirs.length, 4, 'the secretariat is owed four: two replies, two grades');
  await until(
    () => receiver.of(mine.json.id).length >= 5 && receiver.of(theirs.json.id).length >= 4,
    20_000,
    'every notice after the restart',
  );
  // Nothing more comes: each was delivered once.
  await new Promise((resolve) => setTimeout(resolve, 300));

  for (const [id, owed] of [
    [mine.json.id, forMine],
    [theirs.json.id, forTheirs],
  ] as const) {
    const got = receiver.of(id);
    t.same(
      got.map((notice) => notice.id),
      owed.map((event) => event.id),
      `subscription ${id}: every notice once, in the log's order`,
    );
    t.ok(
      got.every((notice) => notice.signatureValid),
      'every signature is valid',
    );
    t.same(
      got.map((notice) => notice.body.type),
      owed.map((event) => NOTICE_OF_EVENT[event.type]),
      'each notice names its kind',
    );
    t.ok(
      got.every((notice) => Math.abs(notice.timestamp - Date.now() / 1000) < 120),
      'each is signed with a current timestamp',
    );
  }
  const first = receiver.of(mine.json.id)[0]!;
  t.match(first.body, {
    type: 'reply.recorded',
    subscription: mine.json.id,
    recommendation: { id: PARA_10, state: 'KAZ', mechanism: 'CAT' },
    data: { recommendationId: PARA_10, receivedOn: '2024-05-13' },
  });

  // The delivery log shows the 500s, the refused connections, and the deliveries.
  t.equal(downLog.status, 200);
  const log = await get(service.app, `/v1/subscriptions/${mine.json.id}/deliveries?limit=500`, service.tokens.kaz);
  t.equal(log.status, 200);
  const attempts = log.json.items as { outcome: string; status?: number; error?: string; attempt: number }[];
  t.ok(
    attempts.some((a) => a.outcome === 'failed' && a.status === 500),
    'a 500 is logged as a failed attempt',
  );
  t.ok(
    attempts.some((a) => a.outcome === 'failed' && /ECONNREFUSED/.test(a.error ?? '')),
    'a receiver that is down is logged too',
  );
  t.equal(attempts.filter((a) => a.outcome === 'delivered').length, 5, 'five deliveries');
  t.ok(
    attempts.some((a) => a.attempt > 2),
    'attempts are counted per notice',
  );
  const view = await get(service.app, `/v1/subscriptions/${mine.json.id}`, service.tokens.kaz);
  t.match(view.json, { delivery: { failedAttempts: 0 }, states: ['KAZ'] });
  t.notOk('secret' in view.json, 'the secret is never served');
});

t.test('a receiver that never answers: the attempt fails at the timeout, and commands answer meanwhile', async (t) => {
  const { createServer } = await import('node:http');
  const hanging = createServer(() => {});
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    hanging.closeAllConnections();
    hanging.close();
  });
  const port = (hanging.address() as { port: number }).port;
  const service = await startService({
    notifications: { allowedHosts: ['127.0.0.1'], pollMs: 20, backoffMs: 50, maxBackoffMs: 100, timeoutMs: 200 },
  });
  t.teardown(() => service.close());
  await loadFoundingCase(service);
  const made = await post(service.app, '/v1/subscriptions', service.tokens.admin, {
    url: `http://127.0.0.1:${port}/hook`,
    secret: SECRET_STATE,
  });
  t.equal(made.status, 201);
  service.followup.notifications.start();
  const started = Date.now();
  const reply = await post(service.app, `/v1/recommendations/${PARA_10}/follow-up-replies`, service.tokens.kaz, {
    receivedOn: '2024-05-13',
  });
  t.equal(reply.status, 200, 'the command is answered');
  t.ok(Date.now() - started < 2000, 'without waiting for the receiver');
  let attempts: { outcome: string; error?: string }[] = [];
  await until(
    () => {
      void get(service.app, `/v1/subscriptions/${made.json.id}/deliveries`, service.tokens.admin).then((answer) => {
        attempts = answer.json.items;
      });
      return attempts.length >= 2;
    },
    15_000,
    'timed-out attempts',
  );
  t.match(attempts[0], { outcome: 'failed', error: /no answer within 200 ms/ });
});

t.test('a UPR mid-term report is a reply: its subscribers are told of it, signed', async (t) => {
  const receiver = new Receiver({});
  await receiver.start();
  t.teardown(() => receiver.stop());
  const service = await startService({ dataDir: tempDir(t), notifications });
  t.teardown(() => service.close());
  await loadFoundingCase(service);
  const made = await post(service.app, '/v1/subscriptions', service.tokens.kaz, {
    url: receiver.url,
    secret: SECRET_STATE,
    states: ['KAZ'],
    notices: ['reply.recorded'],
  });
  t.equal(made.status, 201, made.body);
  receiver.secret(made.json.id, SECRET_STATE);
  service.followup.notifications.start();

  const report = { symbol: 'KAZ/UPR/MTR/3', submittedOn: '2022-10-03' };
  const recorded = await post(
    service.app,
    `/v1/recommendations/${UPR_ID}/mid-term-reports`,
    service.tokens.kaz,
    report,
  );
  t.equal(recorded.status, 200, recorded.body);
  await until(() => receiver.of(made.json.id).length === 1, 15_000, 'the mid-term report notice');
  const [notice] = receiver.of(made.json.id);
  t.ok(notice!.signatureValid, 'signed');
  t.match(notice!.body, {
    type: 'reply.recorded',
    recommendation: { id: UPR_ID, state: 'KAZ', mechanism: 'UPR' },
    data: { recommendationId: UPR_ID, ...report },
  });
});
