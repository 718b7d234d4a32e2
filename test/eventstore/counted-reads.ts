import type { EventStore } from '../../src/eventstore/port.js';

/** The real store, counting the events read through its stream reads. */
export function counted(store: EventStore): { store: Pick<EventStore, 'readStream'>; read: () => number } {
  let read = 0;
  return {
    read: () => read,
    store: {
      readStream: (stream, options) => ({
        async *[Symbol.asyncIterator]() {
          for await (const event of store.readStream(stream, options)) {
            read += 1;
            yield event;
          }
        },
      }),
    },
  };
}
