import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import {
  CommunicationReference,
  communicationStanding,
  replyDueByRule,
  SendCommunication,
} from '../../../src/domain/special-procedure/communication.js';
import {
  type CommunicationCommand,
  communicationDecider,
} from '../../../src/domain/special-procedure/communication-decider.js';
import { given } from '../given.js';

// An illustrative letter to Kazakhstan, not a real one.
const sendData = SendCommunication.parse({
  reference: 'al kaz  1/2024',
  state: 'KAZ',
  mandates: ['torture', 'human-rights-defenders'],
  sentOn: '2024-01-10',
  subject: 'Alleged ill-treatment of a human rights defender in detention',
});
const send: CommunicationCommand = { type: 'SendCommunication', data: sendData };
const sent = {
  type: 'CommunicationSent' as const,
  data: {
    communicationId: 'al-kaz-1-2024',
    reference: 'AL KAZ 1/2024',
    kind: 'allegation_letter' as const,
    state: 'KAZ',
    mandates: ['torture', 'human-rights-defenders'],
    sentOn: '2024-01-10',
    replyDueOn: '2024-03-10',
    replyDueFrom: 'rule' as const,
    subject: 'Alleged ill-treatment of a human rights defender in detention',
  },
};

t.test('a reference is written as OHCHR writes it, and names the kind and the State', async (t) => {
  t.equal(CommunicationReference.parse(' ua  kaz 2/2023 '), 'UA KAZ 2/2023');
  t.equal(CommunicationReference.parse('JAL KAZ 3/2017'), 'JAL KAZ 3/2017');
  for (const bad of ['AL KAZ 0/2024', 'XX KAZ 1/2024', 'AL KZ 1/2024', 'AL KAZ 1-2024', 'AL KAZ 1/1899']) {
    t.notOk(CommunicationReference.safeParse(bad).success, bad);
  }
});

t.test(
  'the reply is due 60 days after the communication was sent (calendar days, across months and leap years)',
  async (t) => {
    t.equal(replyDueByRule('2024-01-10'), '2024-03-10'); // 2024 is a leap year: 21 + 29 + 10
    t.equal(replyDueByRule('2023-01-10'), '2023-03-11');
    t.equal(replyDueByRule('2023-11-15'), '2024-01-14');
  },
);

t.test('sending', async (t) => {
  t.test(
    'given nothing, when sent without a due day, then the reply is due by the rule',
    given(communicationDecider).when(send).then(sent),
  );
  t.test(
    'given nothing, when sent with a due day, then that day wins',
    given(communicationDecider)
      .when({ type: 'SendCommunication', data: { ...sendData, replyDueOn: '2024-02-29', subject: undefined } as never })
      .then({
        type: 'CommunicationSent',
        data: (({ replyDueFrom: _r, subject: _s, ...rest }) => ({ ...rest, replyDueOn: '2024-02-29' }))(sent.data),
      }),
  );
  t.test(
    'given it was sent, when sent again, then 409',
    given(communicationDecider, sent)
      .when(send)
      .thenThrows(LifecycleConflict, /AL KAZ 1\/2024 was already sent, on 2024-01-10/),
  );
  t.test(
    'the State must be the one the reference names',
    given(communicationDecider)
      .when({ type: 'SendCommunication', data: { ...sendData, state: 'UZB' } })
      .thenThrows(RuleViolation, /names KAZ, not UZB/),
  );
  t.test(
    'a kind given must agree with the reference',
    given(communicationDecider)
      .when({ type: 'SendCommunication', data: { ...sendData, kind: 'urgent_appeal' } })
      .thenThrows(RuleViolation, /names an allegation letter, not urgent_appeal/),
  );
  t.test(
    'every mandate must be in the vocabulary',
    given(communicationDecider)
      .when({ type: 'SendCommunication', data: { ...sendData, mandates: ['torture', 'sr-on-everything'] } })
      .thenThrows(RuleViolation, /not a mandate of the special procedures: sr-on-everything/),
  );
  t.test(
    'a due day given must come after the day sent',
    given(communicationDecider)
      .when({ type: 'SendCommunication', data: { ...sendData, replyDueOn: '2024-01-10' } })
      .thenThrows(RuleViolation, /cannot be due on 2024-01-10/),
  );
});

t.test('replies', async (t) => {
  const reply = (receivedOn: string): CommunicationCommand => ({
    type: 'ReceiveCommunicationReply',
    data: { receivedOn },
  });
  t.test(
    'given it was sent, when a reply arrives, then it is recorded',
    given(communicationDecider, sent)
      .when(reply('2024-03-11'))
      .then({
        type: 'CommunicationReplyReceived',
        data: { communicationId: 'al-kaz-1-2024', receivedOn: '2024-03-11' },
      }),
  );
  t.test(
    'given nothing, when a reply arrives, then 404',
    given(communicationDecider)
      .when(reply('2024-03-11'))
      .thenThrows(NotFound, /does not exist/),
  );
  t.test(
    'a reply cannot precede the letter',
    given(communicationDecider, sent)
      .when(reply('2024-01-09'))
      .thenThrows(RuleViolation, /cannot precede/),
  );
});

t.test('where the reply stands on a day, across the due day', async (t) => {
  const due = '2024-03-10';
  t.strictSame(communicationStanding(due, [], '2024-01-10'), { standing: 'pending' });
  t.strictSame(communicationStanding(due, [], '2024-03-10'), { standing: 'pending' }, 'the due day is still in time');
  t.strictSame(communicationStanding(due, [], '2024-03-11'), { standing: 'overdue' }, 'overdue the day after');
  const onTime = [{ receivedOn: '2024-03-10' }];
  t.strictSame(communicationStanding(due, onTime, '2024-03-10'), { standing: 'replied', repliedOn: '2024-03-10' });
  const late = [{ receivedOn: '2024-04-02' }];
  t.strictSame(
    communicationStanding(due, late, '2024-04-01'),
    { standing: 'overdue' },
    'a later reply is not yet known',
  );
  t.strictSame(communicationStanding(due, late, '2024-04-02'), { standing: 'replied_late', repliedOn: '2024-04-02' });
  const two = [{ receivedOn: '2024-05-01' }, { receivedOn: '2024-02-01' }];
  t.strictSame(
    communicationStanding(due, two, '2024-06-01'),
    { standing: 'replied', repliedOn: '2024-02-01' },
    'the first reply counts',
  );
});
