import t from 'tap';
import { implementationStatus } from '../../src/domain/recommendation/status.js';
import {
  assessmentOn,
  currentStatus,
  firstReplyOn,
  implementationTimeline,
  NO_MEASURES,
  statusOn,
  withMeasure,
  withNotStarted,
} from '../../src/domain/recommendation/timeline.js';

const measures = [
  { implementedOn: '2023-03-20', completes: false },
  { implementedOn: '2024-02-01', completes: true },
  { implementedOn: '2023-06-01', completes: false },
];

t.test('a timeline of nothing recorded: no information, ever', async (t) => {
  const timeline = implementationTimeline([]);
  t.same(timeline, { notStartedFrom: null, inProgressFrom: null, implementedFrom: null });
  t.equal(statusOn(timeline, '2099-01-01'), 'no_information');
});

t.test('in progress from the earliest measure, implemented from the earliest completing one', async (t) => {
  t.same(implementationTimeline(measures), {
    notStartedFrom: null,
    inProgressFrom: '2023-03-20',
    implementedFrom: '2024-02-01',
  });
});

t.test('not started from the earliest day someone said so, until a measure', async (t) => {
  const said = [{ recordedOn: '2023-09-01' }, { recordedOn: '2023-02-01' }];
  const timeline = implementationTimeline(measures, said);
  t.equal(timeline.notStartedFrom, '2023-02-01');
  t.strictSame(
    ['2023-01-31', '2023-02-01', '2023-03-20', '2024-02-01'].map((day) => statusOn(timeline, day)),
    ['no_information', 'not_started', 'in_progress', 'implemented'],
  );
  t.equal(currentStatus(withNotStarted(NO_MEASURES, { recordedOn: '2023-02-01' })), 'not_started');
});

t.test('the status on a day agrees with the status rule over the measures implemented by then', async (t) => {
  const timeline = implementationTimeline(measures);
  for (const day of ['2023-01-01', '2023-03-19', '2023-03-20', '2023-12-31', '2024-02-01', '2030-01-01']) {
    const byThen = measures.filter((measure) => measure.implementedOn <= day);
    t.equal(statusOn(timeline, day), implementationStatus(byThen), day);
  }
});

t.test('measures added one at a time give the timeline and the status of all of them, in any order', async (t) => {
  const orders = [measures, [...measures].reverse(), [measures[2]!, measures[0]!, measures[1]!]];
  for (const order of orders) {
    let timeline = NO_MEASURES;
    order.forEach((measure, i) => {
      timeline = withMeasure(timeline, measure);
      const sofar = order.slice(0, i + 1);
      t.same(timeline, implementationTimeline(sofar));
      t.equal(currentStatus(timeline), implementationStatus(sofar));
    });
  }
  t.equal(currentStatus(NO_MEASURES), 'no_information');
});

t.test('a completing measure dated before the others makes it implemented from its own day', async (t) => {
  const timeline = implementationTimeline([
    { implementedOn: '2024-05-01', completes: false },
    { implementedOn: '2024-01-01', completes: true },
  ]);
  t.same(timeline, { notStartedFrom: null, inProgressFrom: '2024-01-01', implementedFrom: '2024-01-01' });
});

t.test('the first reply is the earliest received', async (t) => {
  t.equal(firstReplyOn([]), null);
  t.equal(firstReplyOn([{ receivedOn: '2024-06-01' }, { receivedOn: '2024-05-13' }]), '2024-05-13');
});

t.test('the assessment in force on a day is the latest made on or before it', async (t) => {
  const assessments = [
    { assessedOn: '2024-11-20', grade: 'B', level: 'partially_satisfactory' as const },
    { assessedOn: '2025-11-20', grade: 'A', level: 'satisfactory' as const },
    { assessedOn: '2024-11-20', grade: 'C', level: 'not_satisfactory' as const },
  ];
  t.equal(assessmentOn(assessments, '2024-11-19'), undefined);
  t.equal(assessmentOn(assessments, '2024-11-20')?.grade, 'C');
  t.equal(assessmentOn(assessments, '2025-01-01')?.grade, 'C');
  t.equal(assessmentOn(assessments, '2025-11-20')?.grade, 'A');
});
