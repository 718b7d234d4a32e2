import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import {
  bindAll,
  migrateAll,
  PositionQueries,
  positionProjection,
  publicProjections,
  ReadModels,
  serviceProjections,
} from '../../projections/index.js';
import { recommendationStream } from '../../src/domain/identity.js';
import { issue } from './kazakhstan.js';
import { Log, recorded } from './log.js';

t.test('every read model is listed once, each with its name', async (t) => {
  const names = publicProjections.map((projection) => projection.name);
  t.strictSame(names, [
    'reports',
    'reporting-cycle',
    'recommendations',
    'search',
    'institutions',
    'responsibilities',
    'clusters',
    'actions',
    'indicators',
    'visits',
    'communications',
    'position',
  ]);
});

t.test('migrating twice is harmless', async (t) => {
  const db = new Database(':memory:');
  migrateAll(db);
  t.doesNotThrow(() => migrateAll(db));
  t.equal(new ReadModels(db).currentPosition(), '0');
});

t.test('read models migrated once open again on a database nobody may write', async (t) => {
  const file = join(t.testdir(), 'read-models.db');
  const writable = new Database(file);
  migrateAll(writable, serviceProjections);
  writable.close();
  const readOnly = new Database(file, { readonly: true });
  t.teardown(() => readOnly.close());
  t.strictSame(migrateAll(readOnly, serviceProjections), [], 'nothing to migrate, nothing written');
  t.equal(new ReadModels(readOnly).currentPosition(), '0');
});

t.test('an event no read model handles only advances the position', async (t) => {
  const log = new Log();
  log.append('token-abc', 'TokenIssued', { tokenId: 'abc' });
  t.equal(log.models.currentPosition(), '1');
  t.equal(log.models.statesOverview().items.length, 0);
});

t.test('the position never goes back, and compares as a number beyond 2^53', async (t) => {
  const db = new Database(':memory:');
  positionProjection.migrate(db);
  const apply = positionProjection.bind(db);
  const position = new PositionQueries(db);
  apply(recorded('report-a', 0, '9007199254740993', 'ReportSubmitted', {}));
  t.equal(position.currentPosition(), '9007199254740993');
  apply(recorded('report-a', 0, '999', 'ReportSubmitted', {}));
  t.equal(position.currentPosition(), '9007199254740993', 'shorter is smaller');
  apply(recorded('report-a', 1, '10000000000000000', 'ReportPresented', {}));
  t.equal(position.currentPosition(), '10000000000000000');
});

t.test('bindAll dispatches to the subset of read models it is given', async (t) => {
  const db = new Database(':memory:');
  migrateAll(db);
  const apply = bindAll(db, [positionProjection]);
  apply(recorded('recommendation-x', 0, 7, 'RecommendationIssued', {}));
  const models = new ReadModels(db);
  t.equal(models.currentPosition(), '7');
  t.equal(models.getRecommendation('x', '2024-01-01'), undefined);
});

t.test('a measure keeps its description, evidence and the instant it was recorded', async (t) => {
  const log = new Log();
  const id = issue(log, { paragraph: '24' });
  log.append(
    recommendationStream(id),
    'MeasureImplemented',
    {
      recommendationId: id,
      title: 'Regional commissioners for children’s rights',
      institution: 'Commissioner for Human Rights',
      implementedOn: '2023-06-01',
      description: 'Commissioners appointed in every region',
      evidence: [{ title: 'Decree', url: 'https://example.org/decree' }],
      completes: false,
    },
    '2023-06-02T09:30:00.000Z',
  );
  t.strictSame(log.models.getRecommendation(id, '2024-01-01')?.measures, [
    {
      title: 'Regional commissioners for children’s rights',
      institution: 'Commissioner for Human Rights',
      implementedOn: '2023-06-01',
      description: 'Commissioners appointed in every region',
      evidence: [{ title: 'Decree', url: 'https://example.org/decree' }],
      completes: false,
      recordedAt: '2023-06-02T09:30:00.000Z',
    },
  ]);
  t.equal(log.models.getRecommendation(id, '2024-01-01')?.revision, 1);
});
