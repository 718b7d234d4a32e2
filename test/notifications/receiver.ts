/** A webhook receiver for the tests: a real HTTP server on 127.0.0.1 that checks signatures as a subscriber would. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  subscription: string;
  timestamp: number;
  // biome-ignore lint/suspicious/noExplicitAny: the notice as the receiver parsed it
  body: any;
  signatureValid: boolean;
}

/**
 * The check of a Standard Webhooks signature, written here apart from the service's own code: HMAC-SHA256 of
 * `id.timestamp.body` keyed by the secret, base64, after `v1,`.
 */
export function validSignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((part) => {
    const [version, value] = part.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export class Receiver {
  /** Notices answered 2xx, in the order they came. */
  readonly accepted: Received[] = [];
  /** Requests answered 500 while failing. */
  refusedCount = 0;
  /** Answer 500 to everything while true. */
  failing = false;
  private server: Server | undefined;
  port = 0;

  constructor(private readonly secrets: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (this.failing) {
          this.refusedCount += 1;
          response.writeHead(500).end('down for maintenance');
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const id = String(request.headers['webhook-id']);
        const timestamp = String(request.headers['webhook-timestamp']);
        const subscription = String(request.headers['followup-subscription']);
        const secret = this.secrets[subscription] ?? '';
        this.accepted.push({
          id,
          subscription,
          timestamp: Number(timestamp),
          body: JSON.parse(text),
          signatureValid: validSignature(secret, id, timestamp, text, String(request.headers['webhook-signature'])),
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: deliveries meet a refused connection until `start` again (on the same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sets the secret of a subscription made after the receiver started. */
  secret(subscription: string, secret: string): void {
    this.secrets[subscription] = secret;
  }

  of(subscription: string): Received[] {
    return this.accepted.filter((notice) => notice.subscription === subscription);
  }
}

/** Waits until `done` holds, checking every 20 ms, failing after `ms`. */
export async function until(done: () => boolean, ms = 15_000, what = 'the condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
