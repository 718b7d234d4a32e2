/** A service on a fresh store, driven through its HTTP API only, with a token per role and the founding case. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import type { SearchBounds } from '../../projections/index.js';
import * as kaz from '../../scripts/demo/founding-case.js';
import { Followup } from '../../src/app/followup.js';
import type { NotificationOptions } from '../../src/app/notifications/notifications.js';
import { WriterThread } from '../../src/cli/writer-thread.js';
import { loadConfig } from '../../src/config.js';
import type { SigningKey } from '../../src/eventstore/checkpoints/signing-key.js';
import { buildApp, type HttpOptions } from '../../src/http/app.js';

/** The configured bootstrap admin token (at least 24 characters). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789-abcdef';

export interface Tokens {
  admin: string;
  secretariat: string;
  /** state role, acting for KAZ */
  kaz: string;
  /** state role, acting for UZB only */
  uzb: string;
  reader: string;
}

export interface Service {
  app: FastifyInstance;
  followup: Followup;
  tokens: Tokens;
  /** The ids of the issued tokens, by role key (the admin is the configured one, it has none). */
  tokenIds: Omit<Tokens, 'admin'>;
  close(): Promise<void>;
}

export interface ServiceOptions {
  publicRead?: boolean;
  /** A folder for the embedded store; default: in memory. */
  dataDir?: string;
  /** Security settings; default: the service's own. */
  security?: HttpOptions['security'];
  /** The key that signs checkpoints; default none. */
  signingKey?: SigningKey;
  /** Bodies, pages, timeouts, connections, streams; default: the service's own. */
  limits?: HttpOptions['limits'];
  trustedProxies?: string[];
  /** Webhook notifications: allowed hosts, clock, intervals; delivery runs once the test starts it. */
  notifications?: NotificationOptions;
  /** The bounds of a search's work; default: the service's own. */
  searchBounds?: Partial<SearchBounds>;
  /**
   * Commands in a writer thread, as `serve --writer-thread` runs them (the store then takes no signing key,
   * notifications or search bounds); default: as FOLLOWUP_WRITER_THREAD says.
   */
  writerThread?: boolean;
}

export interface Call {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  url: string;
  /** A bearer token; omitted: anonymous. */
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: bodies are what the tests assert on, field by field
  json: any;
}

/** One request through the whole HTTP stack, in process. */
export async function call(app: FastifyInstance, request: Call): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  const options: InjectOptions = { method: request.method ?? 'GET', url: request.url, headers };
  if (request.body !== undefined) options.payload = request.body as InjectOptions['payload'];
  const response = await app.inject(options);
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, body: response.body, json };
}

export const post = (app: FastifyInstance, url: string, token: string | undefined, body: unknown, headers = {}) =>
  call(app, { method: 'POST', url, token, body, headers });

export const get = (app: FastifyInstance, url: string, token?: string, headers: Record<string, string> = {}) =>
  call(app, { url, token, headers });

/** Issues a token through POST /v1/tokens with the admin token; returns its id and secret. */
export async function issueToken(
  app: FastifyInstance,
  body: { name: string; role: string; states?: string[] },
  admin = ADMIN_TOKEN,
): Promise<{ id: string; token: string }> {
  const answer = await post(app, '/v1/tokens', admin, body);
  if (answer.status !== 201) throw new Error(`issuing a token answered ${answer.status}: ${answer.body}`);
  return { id: answer.json.id, token: answer.json.token };
}

/**
 * With FOLLOWUP_WRITER_THREAD set, services on the service's defaults run their commands in the writer thread, as
 * `serve --writer-thread` does, on a store in a temporary folder (two connections cannot share one in memory).
 */
const WRITER_THREAD = ['true', '1', 'yes'].includes(process.env.FOLLOWUP_WRITER_THREAD ?? '');

/** The store and its commands, in this thread, or with the commands in a writer thread. */
async function openFollowup(options: ServiceOptions): Promise<{ followup: Followup; close: () => Promise<void> }> {
  const plain = !options.signingKey && !options.notifications && !options.searchBounds;
  if (options.writerThread ?? (WRITER_THREAD && plain)) {
    const temporary = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'followup-writer-thread-'));
    const dataDir = options.dataDir ?? temporary!;
    const writer = await WriterThread.start(
      loadConfig({ FOLLOWUP_DATA_DIR: dataDir, FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'error' }),
    );
    const followup = Followup.openReader({ dataDir, adminToken: ADMIN_TOKEN }, writer.call);
    return {
      followup,
      close: async () => {
        await writer.stop();
        await followup.close();
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      },
    };
  }
  const followup = Followup.open({
    dataDir: options.dataDir ?? ':memory:',
    adminToken: ADMIN_TOKEN,
    signingKey: options.signingKey,
    notifications: options.notifications,
    searchBounds: options.searchBounds,
  });
  return { followup, close: () => followup.close() };
}

/** Opens a store, builds the app and issues one token per role through the API. */
export async function startService(options: ServiceOptions = {}): Promise<Service> {
  const { followup, close } = await openFollowup(options);
  const app = await buildApp(followup, {
    publicRead: options.publicRead ?? true,
    logger: false,
    ...(options.security ? { security: options.security } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
  });
  await app.ready();
  const secretariat = await issueToken(app, { name: 'CAT secretariat', role: 'secretariat' });
  const kaz = await issueToken(app, { name: 'NMIRF Kazakhstan', role: 'state', states: ['KAZ'] });
  const uzb = await issueToken(app, { name: 'NMIRF Uzbekistan', role: 'state', states: ['UZB'] });
  const reader = await issueToken(app, { name: 'NHRI researcher', role: 'reader' });
  return {
    app,
    followup,
    tokens: {
      admin: ADMIN_TOKEN,
      secretariat: secretariat.token,
      kaz: kaz.token,
      uzb: uzb.token,
      reader: reader.token,
    },
    tokenIds: { secretariat: secretariat.id, kaz: kaz.id, uzb: uzb.id, reader: reader.id },
    close: async () => {
      await app.close();
      await close();
    },
  };
}

/** A service for one tap test, closed when the test ends. */
export async function serviceFor(t: Test, options: ServiceOptions = {}): Promise<Service> {
  const service = await startService(options);
  t.teardown(() => service.close());
  return service;
}

/** A temporary folder for a file store, removed when the test ends. */
export function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'followup-http-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The app over `followup` on a free port of localhost, as a client reaches it over a socket: the app and the store
 * are closed when the test ends. Answers the app and its base URL.
 */
export async function listening(
  t: Test,
  followup: Followup,
  options: Partial<HttpOptions> = {},
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp(followup, { publicRead: true, logger: false, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await app.close();
    await followup.close();
  });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return { app, base: `http://127.0.0.1:${address.port}` };
}

// The founding case (scripts/demo/founding-case.ts), as the API's request bodies.
export const REPORT_ID = kaz.REPORT_ID;
export const PARA_10 = kaz.catId('10');
export const PARA_12A = kaz.catId('12(a)');
export const UPR_ID = kaz.uprId('137.1');

export const submitReport = kaz.report;
export const presentation = kaz.presentation;
export const concludingObservations = kaz.concludingObservations;
export const paragraph10 = kaz.paragraph('10');
export const paragraph12a = kaz.paragraph('12(a)');
/** A UPR recommendation of the third cycle, for the UPR rules. */
export const uprRecommendation = kaz.uprRecommendations[0]!;
/** The measure the State reported on paragraph 10. */
export const measure = kaz.measureOn('10');

/** Loads the founding case through the API: report, presentation, observations, three recommendations. */
export async function loadFoundingCase(service: Service): Promise<void> {
  const { app, tokens } = service;
  const steps: [string, string, unknown][] = [
    ['/v1/reports', tokens.kaz, submitReport],
    [`/v1/reports/${REPORT_ID}/presentation`, tokens.secretariat, presentation],
    [`/v1/reports/${REPORT_ID}/concluding-observations`, tokens.secretariat, concludingObservations],
    ['/v1/recommendations', tokens.secretariat, paragraph10],
    ['/v1/recommendations', tokens.secretariat, paragraph12a],
    ['/v1/recommendations', tokens.secretariat, uprRecommendation],
  ];
  for (const [url, token, body] of steps) {
    const answer = await post(app, url, token, body);
    if (answer.status >= 300)
      throw new Error(`loading the founding case: ${url} answered ${answer.status}: ${answer.body}`);
  }
}

/** Asserts an RFC 9457 problem with the status, and no internals leaked. */
export function assertProblem(t: Test, answer: Answer, status: number, message = `problem ${status}`): void {
  t.equal(answer.status, status, `${message}: status`, { body: answer.body });
  t.match(answer.headers['content-type'], /^application\/problem\+json/, `${message}: content type`);
  t.type(answer.json, 'object', `${message}: JSON body`);
  t.type(answer.json?.type, 'string', `${message}: type`);
  t.type(answer.json?.title, 'string', `${message}: title`);
  t.equal(answer.json?.status, status, `${message}: status in body`);
  t.type(answer.json?.detail, 'string', `${message}: detail`);
  t.notMatch(answer.body, /\n\s+at |node_modules|SQLITE|sqlite|\.ts:\d+/, `${message}: no stack trace or SQL`);
  t.notOk('stack' in (answer.json ?? {}), `${message}: no stack field`);
}

/** The number of events in the whole log, token events included. */
export async function eventCount(service: Service): Promise<number> {
  let count = 0;
  for await (const _ of service.followup.store.readAll()) count += 1;
  return count;
}
