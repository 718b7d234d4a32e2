import t from 'tap';
import {
  currentAssessment,
  followUpOverdue,
  implementationStatus,
  overdueMayChange,
} from '../../../src/domain/recommendation/status.js';

t.test('implementation status comes from the measures, and from what was said before any', async (t) => {
  t.equal(implementationStatus([]), 'no_information', 'nothing recorded: no information, not a claim');
  t.equal(implementationStatus([], 1), 'not_started', 'someone said it had not started');
  t.equal(implementationStatus([{ completes: false }], 1), 'in_progress', 'a measure since');
  t.equal(implementationStatus([{ completes: false }, { completes: false }]), 'in_progress', 'none completes it');
  t.equal(implementationStatus([{ completes: false }, { completes: true }]), 'implemented', 'one completes it');
  t.equal(implementationStatus([{ completes: true }, { completes: false }]), 'implemented', 'a later measure keeps it');
});

t.test('the current assessment is the latest by date', async (t) => {
  const earlier = { grade: 'C', level: 'not_satisfactory' as const, assessedOn: '2024-11-22' };
  const later = { grade: 'B', level: 'partially_satisfactory' as const, assessedOn: '2025-05-02' };
  t.equal(currentAssessment([]), undefined, 'none before any assessment');
  t.equal(currentAssessment([earlier, later]), later);
  t.equal(currentAssessment([later, earlier]), later, 'an assessment recorded late but dated earlier is not current');
});

t.test('on the same date the assessment recorded last is current', async (t) => {
  const first = { grade: 'C', level: 'not_satisfactory' as const, assessedOn: '2024-11-22' };
  const correction = { grade: 'B', level: 'partially_satisfactory' as const, assessedOn: '2024-11-22' };
  t.equal(currentAssessment([first, correction]), correction);
});

t.test('Kazakhstan was never overdue: deadline 12 May 2024, reply received 13 May 2024', async (t) => {
  const followUp = { deadline: '2024-05-12' };
  const replies = [{ receivedOn: '2024-05-13' }];
  t.equal(followUpOverdue(followUp, replies, '2024-05-01'), false, 'before the deadline');
  t.equal(followUpOverdue(followUp, replies, '2024-05-12'), false, 'on the deadline day itself');
  t.equal(followUpOverdue(followUp, replies, '2024-05-13'), false, 'the reply came the day after');
  t.equal(followUpOverdue(followUp, replies, '2025-01-01'), false, 'replied, long after');
});

t.test('a follow-up is overdue once its deadline passed with no reply', async (t) => {
  const followUp = { deadline: '2024-05-12' };
  t.equal(followUpOverdue(followUp, [], '2024-05-12'), false, 'not on the deadline day');
  t.equal(followUpOverdue(followUp, [], '2024-05-13'), true, 'the day after the deadline');
  t.equal(followUpOverdue(followUp, [], '2026-01-01'), true, 'and from then on');
});

t.test('a reply received after the day asked does not count on that day', async (t) => {
  const followUp = { deadline: '2024-05-12' };
  t.equal(followUpOverdue(followUp, [{ receivedOn: '2024-06-30' }], '2024-06-01'), true);
  t.equal(followUpOverdue(followUp, [{ receivedOn: '2024-06-30' }], '2024-06-30'), false);
});

t.test('a recommendation not selected for follow-up is never overdue', async (t) => {
  t.equal(followUpOverdue(undefined, [], '2030-01-01'), false);
});

t.test('overdue is said to be settled only when no later day reads otherwise', async (t) => {
  const day = (n: number) => `2024-05-${String(n).padStart(2, '0')}`;
  const followUp = { deadline: day(12) };
  const cases = [[], [{ receivedOn: day(8) }], [{ receivedOn: day(12) }], [{ receivedOn: day(16) }]];
  for (const replies of cases) {
    for (let today = 1; today <= 20; today++) {
      const overdue = followUpOverdue(followUp, replies, day(today));
      const later = Array.from({ length: 31 - today }, (_, i) =>
        followUpOverdue(followUp, replies, day(today + i + 1)),
      );
      const view = { deadline: followUp.deadline, replied: replies.length > 0, overdue };
      const may = overdueMayChange(view, day(today));
      const named = `replies ${replies.map((r) => r.receivedOn).join(',') || 'none'}, on ${day(today)}`;
      if (later.some((value) => value !== overdue)) t.ok(may, `${named}: it changes later`);
      // Past the deadline and every reply, nothing is ahead: the day no longer matters.
      if (today > 12 && replies.every((reply) => reply.receivedOn <= day(today))) t.notOk(may, `${named}: settled`);
    }
  }
});
