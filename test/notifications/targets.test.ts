/**
 * A subscription cannot probe the service's network: private, loopback, link-local and other non-public targets are
 * refused with a problem naming the address, unless FOLLOWUP_WEBHOOK_ALLOWED_HOSTS lists them; the address is checked
 * again at every delivery, so a name that later resolves inside (DNS rebinding) gets nothing.
 */
import type { LookupAddress } from 'node:dns';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { addressRefusal, allowedTargets } from '../../src/domain/subscription/target.js';
import { assertProblem, eventCount, get, loadFoundingCase, PARA_10, post, serviceFor } from '../http/harness.js';
import { Receiver, until } from './receiver.js';

const SECRET = 'target-test-secret-0123456789abcdefghijk';

t.test('addresses: public unicast passes, every inside range is refused unless listed', async (t) => {
  const none = allowedTargets([]);
  for (const address of ['93.184.215.14', '2606:4700:4700::1111']) t.equal(addressRefusal(none, address), undefined);
  for (const [address, words] of [
    ['127.0.0.1', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.5.4', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1', /link-local/],
    ['fd00::5', /unique-local/],
    ['::ffff:10.0.0.1', /10\.0\.0\.1 is a private/],
    ['224.0.0.1', /multicast/],
  ] as const) {
    t.match(addressRefusal(none, address), words, `${address} refused`);
  }
  const listed = allowedTargets(['10.20.0.0/16', '127.0.0.1', 'hooks.internal']);
  t.equal(addressRefusal(listed, '10.20.3.4'), undefined, 'a listed range');
  t.equal(addressRefusal(listed, '127.0.0.1'), undefined, 'a listed address');
  t.match(addressRefusal(listed, '10.21.0.1'), /private/, 'outside the listed range');
  t.throws(() => allowedTargets(['10.0.0.0/99']), /not a CIDR range/);
  t.throws(
    () => loadConfig({ FOLLOWUP_WEBHOOK_ALLOWED_HOSTS: 'ok.example, bad host' }),
    /FOLLOWUP_WEBHOOK_ALLOWED_HOSTS/,
  );
});

t.test('a subscription to an inside target is refused with a problem, and nothing is recorded', async (t) => {
  const names: Record<string, string[]> = {
    'intranet.example.org': ['10.0.0.7'],
    'mixed.example.org': ['93.184.215.14', '192.168.0.2'],
  };
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    const found = names[hostname];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const service = await serviceFor(t, { notifications: { resolve } });
  const before = await eventCount(service);
  for (const [url, words] of [
    ['http://127.0.0.1:8080/hook', /127\.0\.0\.1 is a loopback address.*FOLLOWUP_WEBHOOK_ALLOWED_HOSTS/],
    ['http://[::1]/hook', /::1 is a loopback/],
    ['http://169.254.169.254/latest/meta-data', /link-local/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback/],
    ['http://[::ffff:a00:1]/', /10\.0\.0\.1 is a private/],
    ['https://intranet.example.org/hook', /intranet\.example\.org resolves to 10\.0\.0\.7.*private/],
    ['https://mixed.example.org/hook', /resolves to 192\.168\.0\.2/],
    ['https://nowhere.example.org/hook', /cannot be resolved \(ENOTFOUND\)/],
  ] as const) {
    const answer = await post(service.app, '/v1/subscriptions', service.tokens.admin, { url, secret: SECRET });
    assertProblem(t, answer, 422, url);
    t.match(answer.json.detail, words, `${url}: the problem names the address`);
  }
  for (const [body, field] of [
    [{ url: 'ftp://example.org/x', secret: SECRET }, /http or https/],
    [{ url: 'https://user:pw@example.org/x', secret: SECRET }, /user name or password/],
    [{ url: 'https://example.org/x', secret: 'short' }, /at least 32 characters/],
  ] as const) {
    const answer = await post(service.app, '/v1/subscriptions', service.tokens.admin, body);
    assertProblem(t, answer, 400, JSON.stringify(body));
    t.match(answer.body, field);
  }
  t.equal(await eventCount(service), before, 'no refusal recorded anything');
});

t.test('who may subscribe: a State for its own States, never a reader or anonymously', async (t) => {
  const service = await serviceFor(t, { notifications: { allowedHosts: ['127.0.0.1'] } });
  const body = { url: 'http://127.0.0.1:9/hook', secret: SECRET };
  assertProblem(t, await post(service.app, '/v1/subscriptions', undefined, body), 401);
  assertProblem(t, await post(service.app, '/v1/subscriptions', service.tokens.reader, body), 403);
  assertProblem(
    t,
    await post(service.app, '/v1/subscriptions', service.tokens.kaz, body),
    422,
    'a State names its States',
  );
  assertProblem(t, await post(service.app, '/v1/subscriptions', service.tokens.kaz, { ...body, states: ['UZB'] }), 403);
  const mine = await post(service.app, '/v1/subscriptions', service.tokens.kaz, { ...body, states: ['KAZ'] });
  t.equal(mine.status, 201);
  const all = await post(service.app, '/v1/subscriptions', service.tokens.secretariat, body);
  t.equal(all.status, 201);
  const seenByKaz = await get(service.app, '/v1/subscriptions', service.tokens.kaz);
  t.same(
    seenByKaz.json.items.map((s: { id: string }) => s.id),
    [mine.json.id],
    'a State sees its own only',
  );
  const seenByUzb = await get(service.app, `/v1/subscriptions/${mine.json.id}`, service.tokens.uzb);
  assertProblem(t, seenByUzb, 404);
  assertProblem(t, await get(service.app, '/v1/subscriptions', service.tokens.reader), 403);
  const gone = await service.app.inject({
    method: 'DELETE',
    url: `/v1/subscriptions/${mine.json.id}`,
    headers: { authorization: `Bearer ${service.tokens.kaz}` },
  });
  t.equal(gone.statusCode, 200);
  const again = await service.app.inject({
    method: 'DELETE',
    url: `/v1/subscriptions/${mine.json.id}`,
    headers: { authorization: `Bearer ${service.tokens.kaz}` },
  });
  t.equal(again.statusCode, 409, 'deleted once');
  const view = await get(service.app, `/v1/subscriptions/${mine.json.id}`, service.tokens.kaz);
  t.type(view.json.deletedAt, 'string');
});

t.test('checked again at delivery: a name that now resolves inside gets nothing (DNS rebinding)', async (t) => {
  const receiver = new Receiver({});
  await receiver.start();
  t.teardown(() => receiver.stop());
  // The name first resolves to a public address (allowed to subscribe), then to the receiver's loopback address.
  let answer = '93.184.215.14';
  const resolve = async (): Promise<LookupAddress[]> => [{ address: answer, family: 4 }];
  const service = await serviceFor(t, { notifications: { resolve, pollMs: 20, backoffMs: 20, maxBackoffMs: 100 } });
  await loadFoundingCase(service);
  const made = await post(service.app, '/v1/subscriptions', service.tokens.admin, {
    url: `http://rebind.example.org:${receiver.port}/hook`,
    secret: SECRET,
  });
  t.equal(made.status, 201, 'public when subscribed', { body: made.body });
  answer = '127.0.0.1';
  service.followup.notifications.start();
  await post(service.app, `/v1/recommendations/${PARA_10}/follow-up-replies`, service.tokens.kaz, {
    receivedOn: '2024-05-13',
  });
  let log: { outcome: string; error?: string }[] = [];
  await until(
    () => {
      service.app
        .inject({
          url: `/v1/subscriptions/${made.json.id}/deliveries`,
          headers: { authorization: `Bearer ${service.tokens.admin}` },
        })
        .then((reply) => {
          log = reply.json().items;
        });
      return log.length >= 2;
    },
    15_000,
    'refused attempts',
  );
  t.ok(
    log.every((attempt) => attempt.outcome === 'refused'),
    'every attempt refused',
  );
  t.match(log[0]?.error, /resolves to 127\.0\.0\.1.*loopback/);
  t.equal(receiver.accepted.length, 0, 'the receiver got nothing');
});
