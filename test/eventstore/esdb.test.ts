/**
 * The event store contract, unchanged, and the two-replica HTTP scenario against a real EventStoreDB started by
 * testcontainers. Without a container runtime the suite is skipped with one line saying why; `npm run test:esdb`
 * sets FOLLOWUP_ESDB_REQUIRED=1 and fails instead.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import t from 'tap';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import { copyLog, esdbCopyTarget } from '../../src/eventstore/esdb/copy.js';
import { EsdbEventStore } from '../../src/eventstore/esdb/index.js';
import { verifyStream } from '../../src/eventstore/integrity.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { twoReplicas } from '../app/remote-scenario.js';
import { eventStoreContract } from './contract.js';
import { collect, newEvent, unique } from './fixtures.js';

const IMAGE = process.env.FOLLOWUP_ESDB_IMAGE ?? 'eventstore/eventstore:24.10';
const REQUIRED = process.env.FOLLOWUP_ESDB_REQUIRED === '1';

async function runtimeMissing(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return String(error instanceof Error ? error.message : error).split('\n')[0];
  }
}

const missing = await runtimeMissing();
if (missing !== undefined) {
  const line = `EventStoreDB suite skipped: no container runtime (Docker or Podman) found: ${missing}`;
  process.stderr.write(`${line}\n`);
  if (REQUIRED) t.fail(`${line}; npm run test:esdb needs one`);
  else t.test('EventStoreDB contract suite', { skip: line }, async () => {});
} else {
  const container: StartedTestContainer = await new GenericContainer(IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'All',
      EVENTSTORE_START_STANDARD_PROJECTIONS: 'true',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP: 'true',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(180_000)
    .start();
  t.teardown(() => container.stop());
  const connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  t.comment(`EventStoreDB ${IMAGE} at ${connectionString}`);

  await eventStoreContract(t, `EsdbEventStore on ${IMAGE}`, async () => {
    const store = EsdbEventStore.connect(connectionString);
    return { store, cleanup: () => store.close() };
  });

  t.test('two service replicas on EventStoreDB', async (t) => {
    const store = EsdbEventStore.connect(connectionString);
    t.teardown(() => store.close());
    await twoReplicas(
      t,
      { store, lastPosition: (filter) => store.lastPosition(filter) },
      40 + Math.floor(Math.random() * 50),
    );
  });

  t.test("the server's own projections see our correlation ids", async (t) => {
    const store = EsdbEventStore.connect(connectionString);
    const client = EventStoreDBClient.connectionString(connectionString);
    t.teardown(async () => {
      await store.close();
      await client.dispose();
    });
    const correlationId = unique();
    const event = newEvent('Noted');
    event.metadata.correlationId = correlationId;
    await store.append(`report-${unique()}`, [event], { expectedRevision: 'no_stream' });
    let linked = 0;
    for (let i = 0; i < 100 && linked === 0; i++) {
      linked = await collect(client.readStream(`$bc-${correlationId}`, { resolveLinkTos: true }))
        .then((events) => events.length)
        .catch(() => 0);
      if (linked === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    t.equal(linked, 1, '$by_correlation_id linked the event to $bc-<correlationId>');
  });

  t.test('an append resent by hand with the same ids is stored once by the server', async (t) => {
    const store = EsdbEventStore.connect(connectionString);
    const client = EventStoreDBClient.connectionString(connectionString);
    t.teardown(async () => {
      await store.close();
      await client.dispose();
    });
    const stream = `report-${unique()}`;
    const [stored] = (await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' })).events;
    const resent = jsonEvent({ id: stored!.id, type: 'A', data: {} });
    await client.appendToStream(stream, resent, { expectedRevision: 'no_stream' });
    t.equal((await collect(store.readStream(stream))).length, 1, 'the server recognised the retry');
  });

  t.test('copy: the embedded log into EventStoreDB, ids and hash chains intact, twice stored once', async (t) => {
    const db = openDatabase(':memory:');
    const source = new SqliteEventStore(db);
    const store = EsdbEventStore.connect(connectionString);
    const client = EventStoreDBClient.connectionString(connectionString);
    t.teardown(async () => {
      await source.close();
      db.close();
      await store.close();
      await client.dispose();
    });
    const streams = [`report-${unique()}`, `recommendation-${unique()}`];
    for (let i = 0; i < 6; i++) {
      await source.append(streams[i % 2]!, [newEvent('A', { i }), newEvent('B', { i })], { expectedRevision: 'any' });
    }
    await copyLog(source, esdbCopyTarget(client), { batch: 3 });
    await copyLog(source, esdbCopyTarget(client));
    for (const stream of streams) {
      const copied = await collect(store.readStream(stream));
      const original = await collect(source.readStream(stream));
      t.same(
        copied.map((e) => [e.id, e.revision, e.type, e.data, e.metadata]),
        original.map((e) => [e.id, e.revision, e.type, e.data, e.metadata]),
        `${stream}: the same events, once`,
      );
      t.same(verifyStream(copied), { ok: true }, `${stream}: its hash chain verifies on EventStoreDB`);
    }
  });
}
