/** A service in process with chosen security settings, a token per role, and the founding case loaded. */
import type { Test } from 'tap';
import type { SigningKey } from '../../src/eventstore/checkpoints/signing-key.js';
import type { HttpOptions } from '../../src/http/app.js';
import { loadFoundingCase, type Service, startService } from '../http/harness.js';

export interface ReliabilityOptions {
  dataDir?: string;
  security?: HttpOptions['security'];
  limits?: HttpOptions['limits'];
  trustedProxies?: string[];
  publicRead?: boolean;
  /** The key that signs checkpoints; default none. */
  signingKey?: SigningKey;
  /** Load the founding case (report, observations, three recommendations); default true. */
  foundingCase?: boolean;
}

/** No limits: the rate limits have tests of their own and would otherwise answer 429 to a long run. */
export const UNLIMITED = { writesPerMinute: 0, authFailuresPerMinute: 0, anonymousReadsPerMinute: 0 };

export async function openService(options: ReliabilityOptions = {}): Promise<Service> {
  const service = await startService({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    publicRead: options.publicRead ?? true,
    security: options.security ?? UNLIMITED,
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
  });
  if (options.foundingCase ?? true) await loadFoundingCase(service);
  return service;
}

/** A service for one tap test, closed when it ends. */
export async function serviceFor(t: Test, options: ReliabilityOptions = {}): Promise<Service> {
  const service = await openService(options);
  t.teardown(() => service.close());
  return service;
}
