/**
 * Defect 3: slow or partial requests were never timed out, and connections were not capped. Over a real socket,
 * with small limits so that the tests are quick.
 */

import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { eventCount } from '../http/harness.js';
import { serviceFor } from './service.js';

const LIMITS = { requestTimeoutMs: 600, headersTimeoutMs: 400, idleTimeoutMs: 1500, maxConnections: 6 };

interface Raw {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves when the server closed the connection, with the milliseconds it stayed open; Infinity after 5 s. */
  closed: Promise<number>;
}

const GIVE_UP_MS = 5000;

function open(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let text = '';
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve({ socket, received: () => text, closed }));
    const closed = new Promise<number>((done) => {
      socket.once('close', () => done(Date.now() - started));
      // Never waits for ever: a connection still open after this is a failure, not a hang.
      setTimeout(() => {
        if (!socket.destroyed) done(Number.POSITIVE_INFINITY);
        socket.destroy();
      }, GIVE_UP_MS).unref();
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
  });
}

async function listening(t: Test) {
  const service = await serviceFor(t, { limits: LIMITS });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  return { service, port: (service.app.server.address() as AddressInfo).port };
}

const COMMAND_HEAD = (token: string, length: number) =>
  'POST /v1/recommendations/cat-c-kaz-co-4-10/measures HTTP/1.1\r\nHost: test\r\n' +
  `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

t.test('a body that stops arriving is answered 408 problem+json and its connection closed', async (t) => {
  const { service, port } = await listening(t);
  const before = await eventCount(service);
  const raw = await open(port);
  raw.socket.write(`${COMMAND_HEAD(service.tokens.kaz, 200)}{"title":"Law`);
  const openFor = await raw.closed;
  t.match(raw.received(), /^HTTP\/1\.1 408 /, 'answered 408');
  t.match(raw.received(), /content-type: application\/problem\+json/i);
  t.match(raw.received(), /"status":408/);
  t.ok(openFor < GIVE_UP_MS, 'closed by the request timeout, not left open', { openFor });
  t.comment(`R10 figures: a stalled body closed after ${openFor} ms (request timeout ${LIMITS.requestTimeoutMs} ms)`);
  t.equal(await eventCount(service), before, 'nothing appended');
});

t.test('a body trickled a byte at a time, never idle, is still cut off by the request timeout', async (t) => {
  const { service, port } = await listening(t);
  const raw = await open(port);
  raw.socket.write(COMMAND_HEAD(service.tokens.kaz, 10_000));
  const trickle = setInterval(() => {
    if (!raw.socket.destroyed) raw.socket.write(' ');
  }, 50);
  t.teardown(() => clearInterval(trickle));
  const openFor = await raw.closed;
  clearInterval(trickle);
  t.ok(openFor < GIVE_UP_MS, 'closed although bytes kept coming', { openFor });
  t.comment(`R10 figures: a body trickled every 50 ms closed after ${openFor} ms`);
});

t.test('headers that never end, and a connection that sends nothing, are closed', async (t) => {
  const { port } = await listening(t);
  const partial = await open(port);
  partial.socket.write('GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: ');
  const silent = await open(port);
  const [partialFor, silentFor] = await Promise.all([partial.closed, silent.closed]);
  t.ok(partialFor < GIVE_UP_MS, 'partial headers: closed', { partialFor });
  t.match(partial.received(), /^HTTP\/1\.1 408 /, 'and told why');
  t.ok(silentFor < GIVE_UP_MS, 'a silent connection: closed', { silentFor });
  t.comment(`R10 figures: endless headers closed after ${partialFor} ms, a silent connection after ${silentFor} ms`);
});

t.test('connections beyond the cap are closed on arrival; below it the service answers', async (t) => {
  const { port } = await listening(t);
  const held: Raw[] = [];
  for (let n = 0; n < LIMITS.maxConnections; n++) held.push(await open(port));
  const extra = await open(port);
  const extraFor = await extra.closed;
  t.equal(extra.received(), '', 'the connection over the cap got nothing');
  t.ok(extraFor < 1000, 'and was closed at once', { extraFor });
  t.comment(`R10 figures: connection ${LIMITS.maxConnections + 1} closed after ${extraFor} ms with nothing sent`);
  for (const raw of held) raw.socket.destroy();
  await Promise.all(held.map((raw) => raw.closed));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const health = await fetch(`http://127.0.0.1:${port}/health`);
  t.equal(health.status, 200, 'once they are gone, new connections are served');
});
