import t from 'tap';
import * as kaz from '../../scripts/demo/founding-case.js';
import { reportStream } from '../../src/domain/identity.js';
import { CAT, foundingCase, issue, REPORT } from './kazakhstan.js';
import { Log } from './log.js';

t.test('the founding report with its presentation, concluding observations and recommendations', async (t) => {
  const log = foundingCase();
  t.strictSame(log.models.getReport(REPORT), {
    id: REPORT,
    ...kaz.report,
    presentation: kaz.presentation,
    concludingObservations: kaz.concludingObservations,
    recommendationIds: [CAT.confessions, CAT.definition, CAT.safeguards, CAT.legalAid, CAT.detention],
    revision: 2,
  });
});

t.test('a report only submitted omits what has not happened', async (t) => {
  const log = new Log();
  log.append(reportStream('ccpr-c-arm-3'), 'ReportSubmitted', {
    reportId: 'ccpr-c-arm-3',
    state: 'ARM',
    mechanism: 'CCPR',
    cycle: 3,
    symbol: 'CCPR/C/ARM/3',
    submittedOn: '2019-06-03',
    procedure: 'standard',
  });
  const report = log.models.getReport('ccpr-c-arm-3');
  t.strictSame(Object.keys(report ?? {}), [
    'id',
    'state',
    'mechanism',
    'cycle',
    'symbol',
    'submittedOn',
    'procedure',
    'recommendationIds',
    'revision',
  ]);
  t.strictSame(report?.recommendationIds, []);
  t.equal(report?.revision, 0);
});

t.test('a presentation without a delegation head omits it', async (t) => {
  const log = new Log();
  const stream = reportStream('crc-c-kaz-5');
  log.append(stream, 'ReportSubmitted', {
    reportId: 'crc-c-kaz-5',
    state: 'KAZ',
    mechanism: 'CRC',
    cycle: 5,
    symbol: 'CRC/C/KAZ/5',
    submittedOn: '2021-01-15',
    procedure: 'standard',
  });
  log.append(stream, 'ReportPresented', { reportId: 'crc-c-kaz-5', session: 93, presentedOn: '2023-05-16' });
  t.strictSame(log.models.getReport('crc-c-kaz-5')?.presentation, { session: 93, presentedOn: '2023-05-16' });
  t.equal(log.models.getReport('crc-c-kaz-5')?.revision, 1);
});

t.test('recommendations issued before their report is recorded still list under it', async (t) => {
  const log = new Log();
  const id = issue(log, { paragraph: '10', reportId: REPORT });
  issue(log, { paragraph: '11' });
  t.equal(log.models.getReport(REPORT), undefined);
  foundingCase(log);
  t.equal(log.models.getReport(REPORT)?.recommendationIds[0], id);
  t.equal(log.models.getReport(REPORT)?.recommendationIds.length, 5);
});

t.test('an unknown report is undefined', async (t) => {
  t.equal(foundingCase().models.getReport('cat-c-xxx-1'), undefined);
});

t.test('an event delivered twice changes nothing', async (t) => {
  const log = foundingCase();
  const before = log.models.getReport(REPORT);
  for (const event of log.events.filter((e) => e.stream === reportStream(REPORT))) log.redeliver(event);
  for (const event of log.events.filter((e) => e.type === 'RecommendationIssued')) log.redeliver(event);
  t.strictSame(log.models.getReport(REPORT), before);
});
