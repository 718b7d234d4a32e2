/**
 * Schema evolution: MeasureImplemented version 2 gained an optional `category`. Version-1 events stored earlier
 * still read, fold and project as before; new events are written as version 2; a rebuild agrees with the live models.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { CURRENT_SCHEMA_VERSION, eventSchemas } from '../../src/domain/events.js';
import { decodeEvent, schemaVersionOf, upcastData, upcastRecorded } from '../../src/domain/upcasting.js';
import { verifyChains } from '../../src/eventstore/integrity.js';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import { get, PARA_10, post } from '../http/harness.js';
import { liveAndRebuilt } from './read-models.js';
import { openService } from './service.js';

const STREAM = `recommendation-${PARA_10}`;
const v1Measure = (title: string, completes: boolean) => ({
  recommendationId: PARA_10,
  title,
  institution: 'Parliament',
  implementedOn: '2023-06-01',
  evidence: [],
  completes,
});

t.test('version-1 measures stored earlier still read, fold and project; new ones are version 2', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-schema-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  // Earlier: the log holds measures written by the version-1 code, which knew no category.
  const before = await openService({ dataDir });
  for (const [n, completes] of [
    [1, false],
    [2, true],
  ] as const) {
    await before.followup.store.append(
      STREAM,
      [
        {
          type: 'MeasureImplemented',
          data: v1Measure(`Measure v1 ${n}`, completes),
          metadata: {
            actor: { tokenId: 'old', name: 'old code', role: 'state' },
            correlationId: `c${n}`,
            causationId: `c${n}`,
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
  }
  await before.close();

  // Now: the current code opens the same file.
  const service = await openService({ dataDir, foundingCase: false });
  t.teardown(() => service.close());
  const { app, tokens, followup } = service;
  const view = (await get(app, `/v1/recommendations/${PARA_10}`)).json;
  t.equal(view.status, 'implemented', 'the version-1 measure that completes it still counts');
  t.strictSame(
    view.measures.map((m: { title: string }) => m.title),
    ['Measure v1 1', 'Measure v1 2'],
  );

  const recorded = await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, {
    title: 'Measure v2',
    institution: 'Ministry of Justice',
    implementedOn: '2024-02-01',
    category: 'legislative',
  });
  t.equal(recorded.status, 200, 'a command on a stream holding version-1 events decides', { body: recorded.body });
  const stored: RecordedEvent[] = [];
  for await (const event of followup.store.readStream(STREAM)) stored.push(event);
  const measures = stored.filter((e) => e.type === 'MeasureImplemented');
  t.strictSame(
    measures.map((e) => e.metadata.schemaVersion),
    [1, 1, 2],
    'old events keep their version; the new one is 2',
  );
  t.equal((measures[2]?.data as { category?: string } | undefined)?.category, 'legislative', 'the new field is stored');
  t.equal(measures[0]?.data && 'category' in (measures[0].data as object), false, 'old events are never rewritten');

  for (const event of measures) {
    const decoded = decodeEvent(event);
    t.ok(
      eventSchemas.MeasureImplemented.safeParse(decoded.data).success,
      `revision ${event.revision} reads as the current schema`,
    );
  }
  const history = (await get(app, `/v1/recommendations/${PARA_10}/history`)).json;
  t.strictSame(history.integrity, { verified: true }, 'the hash chain covers events of both versions');
  t.strictSame(
    history.events
      .filter((e: { type: string }) => e.type === 'MeasureImplemented')
      .map((e: { data: { category?: string } }) => e.data.category ?? null),
    [null, null, 'legislative'],
  );
  t.equal(history.events.at(-1).status, 'implemented');
  t.ok((await verifyChains(followup.store)).ok);
  const { live, rebuilt } = await liveAndRebuilt(followup.db, followup.store);
  t.strictSame(live, rebuilt, 'read models rebuilt through the upcaster equal the live ones');
});

t.test('the upcaster: one place, applied only to older versions', async (t) => {
  t.equal(schemaVersionOf('MeasureImplemented'), CURRENT_SCHEMA_VERSION.MeasureImplemented);
  t.equal(schemaVersionOf('MeasureImplemented'), 2);
  t.equal(schemaVersionOf('TokenIssued'), 1, 'types without a version table are at 1');
  const v1 = v1Measure('Law', false);
  t.strictSame(upcastData('MeasureImplemented', v1, 1), v1, 'v1 → v2 needs no change of data');
  const event = {
    id: 'e',
    stream: STREAM,
    revision: 0,
    position: '1',
    type: 'MeasureImplemented',
    data: v1,
    metadata: { schemaVersion: 1 },
  } as unknown as RecordedEvent;
  t.equal(upcastRecorded(event).metadata.schemaVersion, 2, 'read models see it as version 2');
  const current = { ...event, metadata: { ...event.metadata, schemaVersion: 2 } } as RecordedEvent;
  t.equal(upcastRecorded(current), current, 'a current event passes untouched');
  t.notOk(
    eventSchemas.MeasureImplemented.safeParse({ ...v1, category: 'unknown' }).success,
    'an unknown category is refused',
  );
});
