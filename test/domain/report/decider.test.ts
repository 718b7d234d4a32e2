import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { reportDecider } from '../../../src/domain/report/decider.js';
import { given, stateAfter } from '../given.js';
import {
  adoptConcludingObservations,
  concludingObservationsAdopted,
  presentReport,
  reportPresented,
  reportSubmitted,
  submitReport,
} from '../kazakhstan.js';

t.test(
  'submitting a report records it under the slug of its symbol, by the standard procedure by default',
  given(reportDecider).when(submitReport).then(reportSubmitted),
);

t.test(
  'a report submitted by the simplified procedure says so',
  given(reportDecider)
    .when({ ...submitReport, data: { ...submitReport.data, procedure: 'simplified' } })
    .then({ ...reportSubmitted, data: { ...reportSubmitted.data, procedure: 'simplified' } }),
);

t.test(
  'a report is submitted once only',
  given(reportDecider, reportSubmitted)
    .when(submitReport)
    .thenThrows(LifecycleConflict, /^report cat-c-kaz-4 already exists$/),
);

t.test(
  'a submitted report is presented in a dialogue at a session',
  given(reportDecider, reportSubmitted).when(presentReport).then(reportPresented),
);

t.test(
  'the delegation head is optional',
  given(reportDecider, reportSubmitted)
    .when({ type: 'PresentReport', data: { session: 76, presentedOn: '2023-05-02' } })
    .then({ type: 'ReportPresented', data: { reportId: 'cat-c-kaz-4', session: 76, presentedOn: '2023-05-02' } }),
);

t.test(
  'a report never submitted cannot be presented',
  given(reportDecider)
    .when(presentReport)
    .thenThrows(NotFound, /does not exist/),
);

t.test(
  'a report is presented once only',
  given(reportDecider, reportSubmitted, reportPresented)
    .when(presentReport)
    .thenThrows(LifecycleConflict, /report cat-c-kaz-4 was already presented on 2023-05-02 \(session 76\)/),
);

t.test(
  'a report cannot be presented before it was submitted',
  given(reportDecider, reportSubmitted)
    .when({ type: 'PresentReport', data: { session: 66, presentedOn: '2018-11-20' } })
    .thenThrows(
      RuleViolation,
      /report cat-c-kaz-4 cannot be presented on 2018-11-20, before it was submitted on 2018-12-05/,
    ),
);

t.test(
  'a report is presented on the day it was submitted at the earliest',
  given(reportDecider, reportSubmitted)
    .when({ type: 'PresentReport', data: { session: 66, presentedOn: '2018-12-05' } })
    .then({ type: 'ReportPresented', data: { reportId: 'cat-c-kaz-4', session: 66, presentedOn: '2018-12-05' } }),
);

t.test(
  'the committee adopts concluding observations on a presented report',
  given(reportDecider, reportSubmitted, reportPresented)
    .when(adoptConcludingObservations)
    .then(concludingObservationsAdopted),
);

t.test(
  'concluding observations need the presentation first',
  given(reportDecider, reportSubmitted)
    .when(adoptConcludingObservations)
    .thenThrows(LifecycleConflict, /report cat-c-kaz-4 has not been presented yet/),
);

t.test(
  'concluding observations need a submitted report',
  given(reportDecider)
    .when(adoptConcludingObservations)
    .thenThrows(NotFound, /does not exist/),
);

t.test(
  'concluding observations are adopted once only',
  given(reportDecider, reportSubmitted, reportPresented, concludingObservationsAdopted)
    .when(adoptConcludingObservations)
    .thenThrows(
      LifecycleConflict,
      /concluding observations CAT\/C\/KAZ\/CO\/4 on report cat-c-kaz-4 were already adopted on 2023-05-10/,
    ),
);

t.test(
  'concluding observations cannot be adopted before the report was presented',
  given(reportDecider, reportSubmitted, reportPresented)
    .when({ type: 'AdoptConcludingObservations', data: { symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-04-28' } })
    .thenThrows(RuleViolation, /cannot be adopted on 2023-04-28, before it was presented on 2023-05-02/),
);

t.test('the state keeps what later rules need', async (t) => {
  t.strictSame(stateAfter(reportDecider), { exists: false });
  t.strictSame(stateAfter(reportDecider, reportSubmitted, reportPresented, concludingObservationsAdopted), {
    exists: true,
    id: 'cat-c-kaz-4',
    state: 'KAZ',
    mechanism: 'CAT',
    cycle: 4,
    symbol: 'CAT/C/KAZ/4',
    submittedOn: '2018-12-05',
    procedure: 'standard',
    presentation: {
      session: 76,
      presentedOn: '2023-05-02',
      delegationHead: 'Chair of the Commission on Human Rights under the President',
    },
    concludingObservations: { symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10' },
  });
});
