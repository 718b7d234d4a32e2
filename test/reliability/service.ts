/** A service in process with chosen security settings, a token per role, and the founding case loaded. */
import type { Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import { buildApp, type HttpOptions } from '../../src/http/app.js';
import { ADMIN_TOKEN, issueToken, loadFoundingCase, type Service } from '../http/harness.js';

export interface ReliabilityOptions {
  dataDir?: string;
  security?: HttpOptions['security'];
  publicRead?: boolean;
  /** Load the founding case (report, observations, three recommendations); default true. */
  foundingCase?: boolean;
}

/** No limits: the rate limits have tests of their own and would otherwise answer 429 to a long run. */
export const UNLIMITED = { writesPerMinute: 0, authFailuresPerMinute: 0 };

export async function openService(options: ReliabilityOptions = {}): Promise<Service> {
  const followup = Followup.open({ dataDir: options.dataDir ?? ':memory:', adminToken: ADMIN_TOKEN });
  const app = await buildApp(followup, {
    publicRead: options.publicRead ?? true,
    logger: false,
    security: options.security ?? UNLIMITED,
  });
  await app.ready();
  const secretariat = await issueToken(app, { name: 'CAT secretariat', role: 'secretariat' });
  const kaz = await issueToken(app, { name: 'NMIRF Kazakhstan', role: 'state', states: ['KAZ'] });
  const uzb = await issueToken(app, { name: 'NMIRF Uzbekistan', role: 'state', states: ['UZB'] });
  const reader = await issueToken(app, { name: 'NHRI researcher', role: 'reader' });
  const service: Service = {
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
      await followup.close();
    },
  };
  if (options.foundingCase ?? true) await loadFoundingCase(service);
  return service;
}

/** A service for one tap test, closed when it ends. */
export async function serviceFor(t: Test, options: ReliabilityOptions = {}): Promise<Service> {
  const service = await openService(options);
  t.teardown(() => service.close());
  return service;
}
