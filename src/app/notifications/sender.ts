import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AllowedTargets } from '../../domain/subscription/target.js';
import { type Resolver, reachableAddresses, TargetRefused } from './target-check.js';

/** What became of one POST of a notice. */
export type SendResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'failed'; status?: number; error: string }
  | { outcome: 'refused'; error: string };

export interface SendOptions {
  allowed: AllowedTargets;
  resolve: Resolver;
  /** Milliseconds for the whole exchange, connection to the end of the answer. */
  timeoutMs: number;
}

/** Bytes of a receiver's answer read (and dropped); a longer answer is cut, the status is what counts. */
const ANSWER_BYTES = 4096;

/**
 * POSTs a body to a webhook URL. The host is resolved and checked first, and the connection goes to the address
 * checked (the request's `lookup` answers it), so a name that resolves elsewhere by the time of connecting changes
 * nothing. Redirects are not followed: a 3xx is a failure like any answer outside 2xx.
 */
export async function send(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: SendOptions,
): Promise<SendResult> {
  let addresses: LookupAddress[];
  try {
    addresses = await reachableAddresses(url, options.allowed, options.resolve);
  } catch (error) {
    if (error instanceof TargetRefused) return { outcome: 'refused', error: error.message };
    throw error;
  }
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const pinned = addresses[0]!;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const settle = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: (_hostname, lookupOptions, callback) => {
          const done = callback as (error: Error | null, address: string | LookupAddress[], family?: number) => void;
          if ((lookupOptions as { all?: boolean }).all) done(null, [pinned]);
          else done(null, pinned.address, pinned.family);
        },
      },
      (answer: IncomingMessage) => {
        let read = 0;
        answer.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > ANSWER_BYTES) answer.destroy();
        });
        const status = answer.statusCode ?? 0;
        const finish = () =>
          settle(
            status >= 200 && status < 300
              ? { outcome: 'delivered', status }
              : { outcome: 'failed', status, error: `the receiver answered ${status}` },
          );
        answer.on('end', finish);
        answer.on('close', finish);
        answer.on('error', finish);
      },
    );
    const timer = setTimeout(() => {
      settle({ outcome: 'failed', error: `no answer within ${options.timeoutMs} ms` });
      outgoing.destroy();
    }, options.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      settle({ outcome: 'failed', error: `${error.code ?? 'error'}: ${error.message}` }),
    );
    outgoing.end(body);
  });
}
