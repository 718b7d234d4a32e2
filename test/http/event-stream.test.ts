/** GET /v1/events/stream over a real socket: catch-up, live events, Last-Event-ID, token events for admins only. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

interface Frame {
  id: string;
  event: string;
  data: { position: string; stream: string; type: string; metadata: Record<string, unknown> };
}

/** Opens the stream and collects frames until `count` arrived; then closes the connection. */
function collect(
  port: number,
  path: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<{ response: IncomingMessage; frames: Frame[] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      const frames: Frame[] = [];
      let buffer = '';
      if (response.statusCode !== 200) {
        response.resume();
        resolve({ response, frames });
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line !== '' && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.data !== undefined) {
            frames.push({ id: fields.id ?? '', event: fields.event ?? '', data: JSON.parse(fields.data) });
          }
          end = buffer.indexOf('\n\n');
        }
        if (frames.length >= count) {
          req.destroy();
          resolve({ response, frames });
        }
      });
      response.on('error', () => {});
    });
    req.on('error', (error) => {
      if ((error as { code?: string }).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

t.test('the stream catches up from a position, then sends events as they are committed', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;

  const all = await collect(port, '/v1/events/stream', 6);
  t.equal(all.response.headers['content-type'], 'text/event-stream; charset=utf-8');
  t.equal(all.response.headers['x-content-type-options'], 'nosniff', 'the security headers reach the stream too');
  t.strictSame(
    all.frames.map((f) => f.event),
    [
      'ReportSubmitted',
      'ReportPresented',
      'ConcludingObservationsAdopted',
      'RecommendationIssued',
      'RecommendationIssued',
      'RecommendationIssued',
    ],
    'anonymous readers get no token events',
  );
  t.ok(
    all.frames.every((f) => f.id === f.data.position),
    'each frame id is its global position',
  );
  t.notOk('idempotency' in all.frames[0]!.data.metadata, 'no idempotency record in the feed');

  const third = all.frames[2]!.id;
  const resumed = await collect(port, '/v1/events/stream?after=1', 3, { 'last-event-id': third });
  t.equal(resumed.frames[0]!.data.position, all.frames[3]!.id, 'Last-Event-ID wins over ?after=');

  const byQuery = await collect(port, `/v1/events/stream?after=${third}`, 1);
  t.equal(byQuery.frames[0]!.id, all.frames[3]!.id, '?after= is exclusive');

  const last = all.frames.at(-1)!.id;
  // Whether the stream opens before or after the command commits, it sends the event once.
  const live = collect(port, `/v1/events/stream?type=MeasureImplemented&after=${last}`, 1);
  const recorded = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  t.equal(recorded.status, 200);
  const { frames } = await live;
  t.equal(frames[0]!.event, 'MeasureImplemented', 'a live event arrives');
  t.equal(frames[0]!.id, recorded.json.position);
});

t.test('admins also get token events; a bad Last-Event-ID is a problem', async (t) => {
  const service = await serviceFor(t);
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;
  const admin = await collect(port, '/v1/events/stream', 4, { authorization: `Bearer ${service.tokens.admin}` });
  t.ok(
    admin.frames.every((f) => f.event === 'TokenIssued'),
    'the four tokens the harness issued',
  );
  const bad = await collect(port, '/v1/events/stream', 0, { 'last-event-id': 'yesterday' });
  t.equal(bad.response.statusCode, 400);
});

t.test('closing the server ends open streams', async (t) => {
  const service = await serviceFor(t);
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;
  const opened = new Promise<IncomingMessage>((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: '/v1/events/stream' }, resolve).on('error', reject).end();
  });
  const response = await opened;
  const ended = new Promise<boolean>((resolve) => {
    response.on('close', () => resolve(true));
    response.resume();
  });
  await service.app.close();
  t.equal(await ended, true);
});
