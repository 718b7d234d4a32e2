/** The real server on a socket, on a temporary file store holding the demo's founding case and a few more facts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Test } from 'tap';
import { buildWeb } from '../../scripts/build-web.js';
import { loadFoundingCase } from '../../scripts/demo/load.js';
import { Followup } from '../../src/app/followup.js';
import { generateSigningKeyPem, loadSigningKey } from '../../src/eventstore/checkpoints/signing-key.js';
import type { HttpLimits } from '../../src/http/limits.js';
import { listening, tempDir } from '../http/harness.js';
import { launch, settled } from './page.js';

export const ADMIN_TOKEN = 'browser-test-admin-token-0123456789';

export interface DemoServer {
  base: string;
  app: FastifyInstance;
  tokens: { secretariat: string; kaz: string; uzb: string };
  /** GET on the API, parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are compared field by field with what the page shows
  read(path: string): Promise<any>;
  /** A command through the API; throws unless 2xx. */
  write(path: string, token: string, body: unknown): Promise<void>;
}

/** Builds the dashboard into a folder of this test's own and points the server at it. */
export async function buildDashboard(t: Test): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'followup-web-'));
  t.teardown(() => rmSync(outdir, { recursive: true, force: true }));
  const built = await buildWeb({ outdir });
  if (!built) throw new Error('web/ sources not found');
  process.env.FOLLOWUP_WEB_DIR = outdir;
  return outdir;
}

/** What the server may be started with beside the demo data: its limits (default the service's own). */
export interface DemoOptions {
  limits?: Partial<HttpLimits>;
}

export async function startDemoServer(t: Test, options: DemoOptions = {}): Promise<DemoServer> {
  const signingKey = loadSigningKey(generateSigningKeyPem(), 'followup.test/dashboard');
  const followup = Followup.open({ dataDir: tempDir(t), adminToken: ADMIN_TOKEN, signingKey });
  await loadFoundingCase(followup);
  const { app, base } = await listening(t, followup, options.limits ? { limits: options.limits } : {});

  const send = async (path: string, token: string, body: unknown) => {
    const response = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
  const token = async (body: unknown) => (await send('/v1/tokens', ADMIN_TOKEN, body)).token as string;
  const server: DemoServer = {
    base,
    app,
    tokens: {
      secretariat: await token({ name: 'CAT secretariat', role: 'secretariat' }),
      kaz: await token({ name: 'Kazakhstan NMIRF', role: 'state', states: ['KAZ'] }),
      uzb: await token({ name: 'Uzbekistan NMIRF', role: 'state', states: ['UZB'] }),
    },
    read: async (path) => {
      const response = await fetch(base + path);
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
      return response.json();
    },
    write: async (path, token, body) => {
      await send(path, token, body);
    },
  };
  await addIllustrations(server);
  // A checkpoint of everything so far: what the audit trail shows as covered by one.
  followup.checkpoints.sign();
  return server;
}

/** Beyond the founding case: the grading from the README's walk-through and a second State. */
async function addIllustrations({ write, tokens }: DemoServer): Promise<void> {
  await write('/v1/recommendations/cat-c-kaz-co-4-10/assessments', tokens.secretariat, {
    grade: 'B',
    assessedOn: '2024-11-20',
  });
  const uzb = { state: 'UZB', mechanism: 'CAT', symbol: 'CAT/C/UZB/CO/5', issuedOn: '2019-12-06' } as const;
  await write('/v1/recommendations', tokens.secretariat, {
    ...uzb,
    paragraph: '9',
    text: 'Illustrative: ensure that all allegations of torture are investigated promptly and impartially.',
    followUp: { deadline: '2020-12-06' },
  });
  await write('/v1/recommendations', tokens.secretariat, {
    ...uzb,
    paragraph: '13',
    text: 'Illustrative: guarantee fundamental legal safeguards to all detained persons from the outset.',
  });
  await write('/v1/recommendations/cat-c-uzb-co-5-13/measures', tokens.uzb, {
    title: 'Illustrative: video recording in interrogation rooms',
    institution: 'Ministry of Internal Affairs',
    implementedOn: '2021-03-01',
  });
}

export interface Dashboard {
  server: DemoServer;
  browser: Browser;
  /** A desktop-sized page whose console errors and refused requests are collected. */
  page: Page;
  /** Opens `hash` on the page (or another) and waits until the view has drawn its data. */
  visit(hash: string, on?: Page): Promise<void>;
  /** Errors the page logged (content security policy violations included). */
  problems: string[];
  /** "404 /path" for every answer of 400 or more the page got. */
  refused: string[];
}

/** The dashboard built, the server started, Chromium launched: all closed when the test ends. */
export async function openDashboard(t: Test, options: DemoOptions = {}): Promise<Dashboard> {
  await buildDashboard(t);
  const server = await startDemoServer(t, options);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const refused: string[] = [];
  page.on('console', (message) => {
    // Refused requests are collected by URL below; the console repeats them without one.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  const visit = async (hash: string, on = page) => {
    await on.goto(`${server.base}/${hash}`);
    await settled(on);
  };
  return { server, browser, page, visit, problems, refused };
}

/** Nothing went wrong in the page; without the server-sent events route it polls instead, which is no fault. */
export function assertClean(t: Test, { problems, refused }: Dashboard): void {
  t.same(problems, [], 'no errors in the browser console (content security policy included)');
  t.same(
    refused.filter((line) => line !== '404 /v1/events/stream'),
    [],
    'every request the page made was answered',
  );
}
