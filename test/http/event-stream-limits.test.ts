/** The event stream's bounds: streams per address and in total, and one shared reader however many follow. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import type { ReadAllOptions } from '../../src/eventstore/port.js';
import { loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

interface OpenStream {
  status: number;
  response: IncomingMessage;
  body: () => string;
  /** Positions of the events received so far. */
  ids: string[];
  /** Resolves when the answer ended. */
  ended: Promise<void>;
  /** Resolves once `count` events arrived. */
  received(count: number): Promise<void>;
  close(): void;
}

/** Opens a stream and keeps it open until closed. */
function openStream(port: number, path: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let text = '';
      const ids: string[] = [];
      const waiting: { count: number; done: () => void }[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const match of chunk.matchAll(/^id: (\d+)$/gm)) ids.push(match[1]!);
        for (const wait of [...waiting]) {
          if (ids.length >= wait.count) {
            waiting.splice(waiting.indexOf(wait), 1);
            wait.done();
          }
        }
      });
      response.on('error', () => {});
      const ended = new Promise<void>((done) => response.on('close', () => done()));
      resolve({
        ended,
        status: response.statusCode ?? 0,
        response,
        body: () => text,
        ids,
        received: (count) =>
          ids.length >= count ? Promise.resolve() : new Promise((done) => waiting.push({ count, done })),
        close: () => req.destroy(),
      });
    });
    req.on('error', (error) => {
      if ((error as { code?: string }).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

t.test('streams from one address are capped: 429 with Retry-After beyond, another address still served', async (t) => {
  const service = await serviceFor(t, {
    limits: { streamsPerAddress: 2, streams: 0 },
    trustedProxies: ['loopback'],
  });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;
  const from = (address: string) => ({ 'x-forwarded-for': address });

  const first = await openStream(port, '/v1/events/stream', from('203.0.113.5'));
  const second = await openStream(port, '/v1/events/stream', from('203.0.113.5'));
  t.teardown(() => {
    first.close();
    second.close();
  });
  t.equal(first.status, 200);
  t.equal(second.status, 200);
  const third = await openStream(port, '/v1/events/stream', from('203.0.113.5'));
  await third.ended;
  t.equal(third.status, 429, 'a third stream from the same address is refused');
  t.match(third.response.headers['content-type'], /^application\/problem\+json/);
  t.ok(Number(third.response.headers['retry-after']) >= 1, 'with Retry-After');
  t.match(JSON.parse(third.body()).detail, /2 event streams are open from this address/);

  const other = await openStream(port, '/v1/events/stream', from('198.51.100.7'));
  t.equal(other.status, 200, 'another address is still served');
  other.close();

  first.close();
  await first.ended;
  let again = await openStream(port, '/v1/events/stream', from('203.0.113.5'));
  for (let i = 0; i < 50 && again.status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    again = await openStream(port, '/v1/events/stream', from('203.0.113.5'));
  }
  t.equal(again.status, 200, 'a closed stream frees its place');
  again.close();
});

t.test('streams are capped in total: 503 with Retry-After beyond', async (t) => {
  const service = await serviceFor(t, { limits: { streams: 3, streamsPerAddress: 0 } });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;
  const streams = await Promise.all([1, 2, 3].map(() => openStream(port, '/v1/events/stream')));
  t.teardown(() => {
    for (const stream of streams) stream.close();
  });
  t.strictSame(
    streams.map((s) => s.status),
    [200, 200, 200],
  );
  const fourth = await openStream(port, '/v1/events/stream');
  await fourth.ended;
  t.equal(fourth.status, 503);
  t.ok(Number(fourth.response.headers['retry-after']) >= 1, 'with Retry-After');
  t.match(JSON.parse(fourth.body()).detail, /3 event streams at once/);
});

t.test('a commit is read once for all followers, not once per follower', async (t) => {
  const service = await serviceFor(t, { limits: { streams: 0, streamsPerAddress: 0 } });
  await loadFoundingCase(service);
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;
  const followers = 20;
  const streams = await Promise.all(
    Array.from({ length: followers }, () => openStream(port, '/v1/events/stream?type=MeasureImplemented')),
  );
  t.teardown(() => {
    for (const stream of streams) stream.close();
  });
  // Let every follower finish its catch-up, then count the reads of the log a commit causes.
  await until(() => service.followup.feed.followers === followers);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const store = service.followup.store;
  const readAll = store.readAll.bind(store);
  let reads = 0;
  store.readAll = (options?: ReadAllOptions) => {
    reads += 1;
    return readAll(options);
  };
  t.teardown(() => {
    store.readAll = readAll;
  });
  for (let i = 1; i <= 3; i++) {
    const recorded = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `${measure.title} ${i}`,
    });
    t.equal(recorded.status, 200);
    await Promise.all(streams.map((stream) => stream.received(i)));
  }
  t.ok(
    streams.every((stream) => stream.ids.length === 3 && new Set(stream.ids).size === 3),
    'every follower got each of the three events once',
  );
  t.ok(reads <= 3, `three commits read the log ${reads} times for ${followers} followers (at most once a commit)`);
});
