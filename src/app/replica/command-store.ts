import { type EventStore, IdempotencyKeyTaken, type RecordedEvent } from '../../eventstore/port.js';

/** Waits for the local read models to reach a position; false when they did not in time. */
export type WaitForPosition = (position: string, timeoutMs: number) => Promise<boolean>;

/**
 * The store as the command handler of a replica sees it: loading a stream also waits (bounded) until the local read
 * models have applied every event loaded, and an append refused because another replica used its Idempotency-Key
 * waits for that one's events. A request retried on another replica then finds its Idempotency-Key answered there,
 * even when the decider refuses the command again (e.g. a create whose stream now exists).
 */
export function readYourStreams(store: EventStore, waitFor: WaitForPosition, timeoutMs = 2_000): EventStore {
  return {
    async append(stream, events, options) {
      try {
        return await store.append(stream, events, options);
      } catch (error) {
        // Another replica appended under this Idempotency-Key: its answer is read here once applied locally.
        if (error instanceof IdempotencyKeyTaken && error.position) await waitFor(error.position, timeoutMs);
        throw error;
      }
    },
    readStream(stream, options) {
      return {
        async *[Symbol.asyncIterator]() {
          let last: RecordedEvent | undefined;
          for await (const event of store.readStream(stream, options)) {
            last = event;
            yield event;
          }
          if (last) await waitFor(last.position, timeoutMs);
        },
      };
    },
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    headPosition: () => store.headPosition(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
