/** Small helpers shared by the event store tests. */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/eventstore/port.js';

/** A name part unique to this run, so a shared store (EventStoreDB) keeps the tests apart. */
export const unique = (): string => randomUUID().replaceAll('-', '').slice(0, 12);

export function newEvent(type: string, data: unknown = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    type,
    data,
    metadata: {
      actor: { tokenId: 'token-1', name: 'Test Recorder', role: 'admin' },
      correlationId: 'corr-1',
      causationId: 'cause-1',
    },
    ...extra,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Settles every promise; the fulfilled values and the rejection reasons. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    values: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
  };
}

/** A promise with its resolve function, to wait for a condition reached in another task. */
export function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
