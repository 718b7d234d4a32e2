import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a notice, after the Standard Webhooks specification (standardwebhooks.com): HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>`, sent as `webhook-signature: v1,<base64>`. A secret written
 * `whsec_<base64>` (the specification's form) is keyed by the bytes it encodes, so its libraries verify our notices;
 * any other secret is keyed by its UTF-8 bytes.
 */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${digest}`;
}

/** Whether a `webhook-signature` header (space-separated signatures) holds the right one; what receivers do. */
export function verify(secret: string, id: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(sign(secret, id, timestamp, body));
  return header
    .split(' ')
    .map((part) => Buffer.from(part))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
