import t from 'tap';
import * as kaz from '../../../scripts/demo/founding-case.js';
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
    ...kaz.report,
    presentation: kaz.presentation,
    concludingObservations: kaz.concludingObservations,
  });
});

// Defect: a report's id came from its symbol alone, so a State could take another State's report id for good.
const submitOf = (state: string, symbol: string) =>
  ({ type: 'SubmitReport', data: { ...submitReport.data, state, symbol } }) as const;
const submittedOf = (state: string, symbol: string, reportId: string) =>
  ({
    type: 'ReportSubmitted',
    data: { ...reportSubmitted.data, state, symbol, reportId },
  }) as const;

t.test(
  "a State cannot submit a report under a symbol that names another State (it would take that State's id)",
  given(reportDecider)
    .when(submitOf('KAZ', 'CAT/C/UZB/6'))
    .thenThrows(
      RuleViolation,
      /^the symbol CAT\/C\/UZB\/6 names UZB: a report of KAZ cannot take a symbol of another State$/,
    ),
);

t.test(
  'however the symbol is written: lower case, other separators',
  given(reportDecider)
    .when(submitOf('KAZ', 'cat.c.uzb 6'))
    .thenThrows(RuleViolation, /names UZB/),
);

t.test(
  'the State whose code the symbol names submits it under the slug of its symbol',
  given(reportDecider)
    .when(submitOf('UZB', 'CAT/C/UZB/6'))
    .then(submittedOf('UZB', 'CAT/C/UZB/6', 'cat-c-uzb-6')),
);

t.test(
  "a symbol that names no State gets its State's code in the id, so it takes nothing from another State",
  given(reportDecider)
    .when(submitOf('KAZ', 'A/HRC/55/9'))
    .then(submittedOf('KAZ', 'A/HRC/55/9', 'kaz-a-hrc-55-9')),
);

t.test(
  'a report stored under the plain slug before ids held their State is not submitted again under the new id',
  given(reportDecider)
    .when({
      ...submitOf('KAZ', 'A/HRC/55/9'),
      earlier: stateAfter(reportDecider, submittedOf('KAZ', 'A/HRC/55/9', 'a-hrc-55-9')),
    })
    .thenThrows(LifecycleConflict, /^report a-hrc-55-9 already exists with the symbol A\/HRC\/55\/9$/),
);

t.test(
  "another State's earlier report under that slug does not stop a State from submitting its own",
  given(reportDecider)
    .when({
      ...submitOf('UZB', 'A/HRC/55/9'),
      earlier: stateAfter(reportDecider, submittedOf('KAZ', 'A/HRC/55/9', 'a-hrc-55-9')),
    })
    .then(submittedOf('UZB', 'A/HRC/55/9', 'uzb-a-hrc-55-9')),
);
