/** The rules of webhook subscriptions and of deadline notices, given events and a day, then what is decided. */
import t from 'tap';
import { fold } from '../../src/domain/decider.js';
import { deadlineNoticesDue, type FollowUpDue } from '../../src/domain/subscription/notice.js';
import { subscriptionDecider, wants } from '../../src/domain/subscription/subscription.js';

const followUp: FollowUpDue = {
  recommendationId: 'cat-c-kaz-co-5-7',
  state: 'KAZ',
  mechanism: 'CAT',
  deadline: '2027-02-15',
  firstReplyOn: null,
  closedOn: null,
};
const kinds = (due: { kind: string; dueOn: string }[]) => due.map((notice) => `${notice.kind}@${notice.dueOn}`);

t.test('deadline notices: 30 days before, and the day after a deadline missed', async (t) => {
  t.same(kinds(deadlineNoticesDue(followUp, '2027-01-15', '2027-01-15')), [], 'given 31 days before: nothing');
  t.same(kinds(deadlineNoticesDue(followUp, '2027-01-16', '2027-01-16')), ['deadline.approaching@2027-01-16']);
  t.same(
    kinds(deadlineNoticesDue(followUp, '2027-02-15', '2027-02-15')),
    ['deadline.approaching@2027-02-15'],
    'learnt late, still before it',
  );
  t.same(kinds(deadlineNoticesDue(followUp, '2027-02-16', '2027-02-16')), ['deadline.passed@2027-02-16']);
  t.same(
    kinds(deadlineNoticesDue(followUp, '2027-01-10', '2027-03-01')),
    ['deadline.approaching@2027-01-16', 'deadline.passed@2027-02-16'],
    'days missed while stopped are gone through',
  );
  t.same(kinds(deadlineNoticesDue(followUp, '2027-02-17', '2027-02-20')), [], 'before `since`: already gone through');
  const repliedInTime = { ...followUp, firstReplyOn: '2027-02-10' };
  t.same(kinds(deadlineNoticesDue(repliedInTime, '2027-02-16', '2027-02-16')), [], 'replied in time: never overdue');
  t.same(
    kinds(deadlineNoticesDue({ ...followUp, firstReplyOn: '2027-02-20' }, '2027-02-16', '2027-02-16')),
    ['deadline.passed@2027-02-16'],
    'a reply after the deadline does not undo the passed notice',
  );
  t.same(kinds(deadlineNoticesDue({ ...followUp, closedOn: '2027-01-01' }, '2027-01-16', '2027-02-16')), [], 'closed');
});

t.test('a subscription is made once and deleted once', async (t) => {
  const data = { subscriptionId: 's1', url: 'https://example.org/h', secret: 'x'.repeat(32), states: ['KAZ', 'KAZ'] };
  const made = subscriptionDecider.decide({ type: 'Subscribe', data }, subscriptionDecider.initialState());
  t.match(made, [{ type: 'WebhookSubscribed', data: { states: ['KAZ'], mechanisms: [], notices: [] } }]);
  const state = fold(subscriptionDecider, made);
  t.throws(() => subscriptionDecider.decide({ type: 'Subscribe', data }, state), /already exists/);
  const ended = subscriptionDecider.decide({ type: 'Unsubscribe', subscriptionId: 's1' }, state);
  t.match(ended, [{ type: 'WebhookUnsubscribed' }]);
  t.throws(
    () =>
      subscriptionDecider.decide(
        { type: 'Unsubscribe', subscriptionId: 's1' },
        fold(subscriptionDecider, [...made, ...ended]),
      ),
    /already deleted/,
  );
  t.throws(
    () => subscriptionDecider.decide({ type: 'Unsubscribe', subscriptionId: 's2' }, subscriptionDecider.initialState()),
    /does not exist/,
  );
});

t.test('what a subscription wants: empty lists want all', async (t) => {
  const notice = { state: 'KAZ', mechanism: 'CAT', kind: 'reply.recorded' };
  t.ok(wants({ states: [], mechanisms: [], notices: [] }, notice));
  t.ok(wants({ states: ['KAZ'], mechanisms: ['CAT'], notices: ['reply.recorded'] }, notice));
  t.notOk(wants({ states: ['UZB'], mechanisms: [], notices: [] }, notice));
  t.notOk(wants({ states: [], mechanisms: ['CCPR'], notices: [] }, notice));
  t.notOk(wants({ states: [], mechanisms: [], notices: ['grade.recorded'] }, notice));
});
