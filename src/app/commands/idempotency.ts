import { createHash } from 'node:crypto';
import type { StoredResponse } from '../../../projections/idempotency.js';
import { canonicalJson } from '../../canonical-json.js';
import { RuleViolation } from '../../domain/errors.js';
import type { Principal } from '../../domain/token/permissions.js';
import type { CommandResponse, IdempotentRequest } from './context.js';

/** Where answered keys are looked up: a read model fed by the events' idempotency metadata. */
export interface IdempotencyRecords {
  find(key: string): StoredResponse | undefined;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A key is scoped to the token that sent it: two clients never share one. */
export function scopedKey(principal: Principal, key: string): string {
  return sha256(`${principal.kind === 'token' ? principal.tokenId : 'anonymous'}\n${key}`);
}

/** The fingerprint of a request: method, path and canonical body. */
export function requestFingerprint(request: IdempotentRequest): string {
  return sha256(`${request.method} ${request.path}\n${canonicalJson(request.body ?? null)}`);
}

/**
 * Runs a command at most once per key: a repeat with the same request answers the first response,
 * a repeat with another request is refused, and two retries racing each other append one event.
 */
export async function once<T extends CommandResponse>(
  records: IdempotencyRecords,
  principal: Principal,
  request: IdempotentRequest | undefined,
  execute: (record: { key: string; request: string } | undefined) => Promise<T>,
): Promise<T | StoredResponse> {
  if (!request) return execute(undefined);
  const key = scopedKey(principal, request.key);
  const fingerprint = requestFingerprint(request);
  const answered = () => {
    const stored = records.find(key);
    if (stored && stored.request !== fingerprint) {
      throw new RuleViolation('this Idempotency-Key was already used with a different request; use a new key');
    }
    return stored;
  };
  const earlier = answered();
  if (earlier) return earlier;
  try {
    return await execute({ key, request: fingerprint });
  } catch (error) {
    // A retry racing the first request may be refused (key taken, or a create now a duplicate): answer as it was.
    const raced = answered();
    if (raced) return raced;
    throw error;
  }
}
