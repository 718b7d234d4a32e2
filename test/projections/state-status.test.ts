import t from 'tap';
import { COMMITMENTS, MECHANISMS } from '../../src/domain/vocabulary.js';
import { foundingCase, issue } from './kazakhstan.js';
import { Log } from './log.js';

const log = foundingCase();
const status = (asOf: string, state = 'KAZ') => log.models.stateStatus(state, asOf);
const zeroStatus = { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 };
const zeroCounts = { recommendations: 0, byStatus: zeroStatus };
const zeroLevel = {
  satisfactory: 0,
  partially_satisfactory: 0,
  not_satisfactory: 0,
  no_reply: 0,
  contrary: 0,
  not_assessed: 0,
};

t.test('before anything was issued: every count present and zero', async (t) => {
  const answer = status('2018-12-05');
  t.strictSame(answer, {
    state: 'KAZ',
    asOf: '2018-12-05',
    position: String(log.events.length),
    recommendations: 0,
    byStatus: zeroStatus,
    byLevel: zeroLevel,
    byMechanism: Object.fromEntries(MECHANISMS.map((m) => [m, zeroCounts])),
    byCommitment: Object.fromEntries(COMMITMENTS.map((c) => [c, zeroCounts])),
    upr: { supported: 0, supported_in_part: 0, noted: 0, pending: 0 },
    followUp: { selected: 0, replied: 0, overdue: 0, pending: 0, repliedOnTime: 0, repliedLate: 0, closed: 0 },
    reports: { overdue: 0, overdueReports: [] },
    communications: { sent: 0, pending: 0, overdue: 0, repliedOnTime: 0, repliedLate: 0 },
  });
});

t.test('a State with no data answers zeros, with all twelve mechanisms', async (t) => {
  const answer = status('2026-01-01', 'NOR');
  t.equal(answer.recommendations, 0);
  t.strictSame(Object.keys(answer.byMechanism), [...MECHANISMS]);
  t.strictSame(answer.byLevel, zeroLevel);
});

t.test('UPR positions count once responded on or before the day, pending before', async (t) => {
  t.strictSame(status('2020-09-21').upr, { supported: 0, supported_in_part: 0, noted: 0, pending: 4 });
  t.strictSame(status('2020-09-22').upr, { supported: 1, supported_in_part: 1, noted: 1, pending: 1 });
  t.equal(status('2020-09-22').recommendations, 4);
  t.strictSame(status('2020-09-22').byMechanism.UPR, {
    recommendations: 4,
    byStatus: { ...zeroStatus, no_information: 4 },
  });
});

t.test('the day the concluding observations were adopted: all issued, nothing known of any', async (t) => {
  const answer = status('2023-05-10');
  t.equal(answer.recommendations, 9);
  t.strictSame(answer.byStatus, { no_information: 9, not_started: 0, in_progress: 0, implemented: 0 });
  t.strictSame(answer.byMechanism.CAT, { recommendations: 5, byStatus: { ...zeroStatus, no_information: 5 } });
  t.strictSame(answer.followUp, {
    selected: 3,
    replied: 0,
    overdue: 0,
    pending: 3,
    repliedOnTime: 0,
    repliedLate: 0,
    closed: 0,
  });
  t.equal(answer.byLevel.not_assessed, 9);
});

t.test('between measures: only measures implemented on or before the day count', async (t) => {
  t.strictSame(status('2023-10-01').byMechanism.CAT.byStatus, {
    no_information: 4,
    not_started: 0,
    in_progress: 1,
    implemented: 0,
  });
  t.strictSame(status('2023-12-01').byMechanism.CAT.byStatus, {
    no_information: 3,
    not_started: 0,
    in_progress: 1,
    implemented: 1,
  });
  t.strictSame(status('2024-03-15').byMechanism.CAT.byStatus, {
    no_information: 2,
    not_started: 0,
    in_progress: 1,
    implemented: 2,
  });
  t.strictSame(status('2024-03-15').byStatus, { no_information: 6, not_started: 0, in_progress: 1, implemented: 2 });
});

t.test('follow-up: overdue the day after the deadline, until the reply', async (t) => {
  t.strictSame(
    status('2024-05-12').followUp,
    { selected: 3, replied: 0, overdue: 0, pending: 3, repliedOnTime: 0, repliedLate: 0, closed: 0 },
    'deadline day',
  );
  t.strictSame(
    status('2024-05-13').followUp,
    { selected: 3, replied: 2, overdue: 1, pending: 0, repliedOnTime: 0, repliedLate: 2, closed: 0 },
    'two replied late that day',
  );
  t.strictSame(status('2024-09-30').followUp, {
    selected: 3,
    replied: 2,
    overdue: 1,
    pending: 0,
    repliedOnTime: 0,
    repliedLate: 2,
    closed: 0,
  });
  t.strictSame(
    status('2024-10-01').followUp,
    { selected: 3, replied: 3, overdue: 0, pending: 0, repliedOnTime: 0, repliedLate: 3, closed: 0 },
    'the late reply',
  );
});

t.test('the assessment in force is the latest on or before the day', async (t) => {
  t.strictSame(status('2024-11-21').byLevel, { ...zeroLevel, not_assessed: 9 });
  t.strictSame(status('2024-11-22').byLevel, {
    ...zeroLevel,
    partially_satisfactory: 1,
    not_satisfactory: 1,
    not_assessed: 7,
  });
  t.strictSame(status('2026-01-01').byLevel, { ...zeroLevel, satisfactory: 1, not_satisfactory: 1, not_assessed: 7 });
});

t.test('position is the last applied event, as a string', async (t) => {
  const fresh = new Log();
  t.equal(fresh.models.stateStatus('KAZ', '2024-01-01').position, '0');
  issue(fresh, { paragraph: '10' });
  t.equal(fresh.models.stateStatus('KAZ', '2024-01-01').position, '1');
  t.equal(fresh.models.currentPosition(), '1');
});

t.test('other States do not count, and the overview lists each State by code', async (t) => {
  const world = foundingCase();
  const ccpr = { state: 'ARM', mechanism: 'CCPR', symbol: 'CCPR/C/ARM/CO/3', issuedOn: '2021-11-05' };
  const armenia = issue(world, { ...ccpr, paragraph: '7', followUp: { deadline: '2022-11-05' } });
  issue(world, { ...ccpr, paragraph: '9' });
  world.append(`recommendation-${armenia}`, 'MeasureImplemented', {
    recommendationId: armenia,
    title: 'Law on equality',
    institution: 'National Assembly',
    implementedOn: '2022-01-20',
    evidence: [],
    completes: false,
  });
  t.equal(world.models.stateStatus('KAZ', '2026-01-01').recommendations, 9);
  const arm = world.models.stateStatus('ARM', '2026-01-01');
  t.equal(arm.recommendations, 2);
  t.strictSame(arm.byMechanism.CCPR.byStatus, { no_information: 1, not_started: 0, in_progress: 1, implemented: 0 });
  t.strictSame(arm.followUp, {
    selected: 1,
    replied: 0,
    overdue: 1,
    pending: 0,
    repliedOnTime: 0,
    repliedLate: 0,
    closed: 0,
  });
  t.strictSame(world.models.statesOverview(), {
    items: [
      {
        state: 'ARM',
        recommendations: 2,
        byStatus: { no_information: 1, not_started: 0, in_progress: 1, implemented: 0 },
        accepted: {
          recommendations: 2,
          byStatus: { no_information: 1, not_started: 0, in_progress: 1, implemented: 0 },
        },
      },
      {
        state: 'KAZ',
        recommendations: 9,
        byStatus: { no_information: 6, not_started: 0, in_progress: 1, implemented: 2 },
        // CAT's five and the one supported UPR recommendation; the UPR's are all without information.
        accepted: {
          recommendations: 6,
          byStatus: { no_information: 3, not_started: 0, in_progress: 1, implemented: 2 },
        },
      },
    ],
  });
});

t.test('accepted apart from noted: treaty bodies and supported UPR, the rest by position', async (t) => {
  const before = status('2020-09-21').byCommitment;
  t.strictSame(
    before.pending,
    { recommendations: 4, byStatus: { ...zeroStatus, no_information: 4 } },
    'no position yet',
  );
  t.equal(before.accepted.recommendations, 0);
  const after = status('2026-01-01').byCommitment;
  t.strictSame(
    Object.fromEntries(COMMITMENTS.map((c) => [c, after[c].recommendations])),
    { accepted: 6, supported_in_part: 1, noted: 1, pending: 1, special_procedure: 0 },
    "CAT's five and the supported UPR one are accepted",
  );
  t.strictSame(after.accepted.byStatus, { no_information: 3, not_started: 0, in_progress: 1, implemented: 2 });
});

t.test('not started counts from the day it was said; no information before', async (t) => {
  const world = foundingCase();
  const id = issue(world, { paragraph: '30', issuedOn: '2023-05-10' });
  world.append(`recommendation-${id}`, 'NotStartedRecorded', {
    recommendationId: id,
    recordedOn: '2024-05-13',
    note: 'follow-up reply',
  });
  const on = (day: string) => world.models.stateStatus('KAZ', day).byMechanism.CAT.byStatus;
  t.strictSame(on('2024-05-12'), { no_information: 3, not_started: 0, in_progress: 1, implemented: 2 });
  t.strictSame(on('2024-05-13'), { no_information: 2, not_started: 1, in_progress: 1, implemented: 2 });
  t.match(world.models.getRecommendation(id, '2026-01-01'), {
    status: 'not_started',
    notStarted: { recordedOn: '2024-05-13', note: 'follow-up reply' },
    commitment: 'accepted',
  });
});

t.test('one State is answered through its index', async (t) => {
  const plan = log.db
    .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM recommendations WHERE state = ? AND issued_on <= ?`)
    .all('KAZ', '2026-01-01') as { detail: string }[];
  t.match(plan.map((row) => row.detail).join('\n'), /recommendations_by_state/);
});
