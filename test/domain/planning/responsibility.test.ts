import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { holdsOn, leadOn, responsibilitiesOn } from '../../../src/domain/recommendation/responsibility.js';
import { given, stateAfter } from '../given.js';
import {
  CAT_ID,
  COMMISSIONER,
  INTERIOR,
  interior,
  PROSECUTOR,
  paragraph10,
  prosecutor,
  unknownInstitution,
  uzbekInterior,
} from './fixtures.js';

const assign = (
  institution: typeof prosecutor | typeof interior | typeof uzbekInterior,
  role: 'lead' | 'support',
  assignedOn: string,
) => ({ type: 'AssignResponsibility', data: { institution: institution.id, role, assignedOn }, institution }) as const;
const assigned = (institutionId: string, role: 'lead' | 'support', assignedOn: string) =>
  ({ type: 'ResponsibilityAssigned', data: { recommendationId: CAT_ID, institutionId, role, assignedOn } }) as const;
const withdraw = (institution: string, withdrawnOn: string) =>
  ({ type: 'WithdrawResponsibility', data: { institution, withdrawnOn } }) as const;
const withdrawn = (institutionId: string, withdrawnOn: string) =>
  ({ type: 'ResponsibilityWithdrawn', data: { recommendationId: CAT_ID, institutionId, withdrawnOn } }) as const;

t.test(
  'a lead institution is assigned',
  given(recommendationDecider, paragraph10)
    .when(assign(prosecutor, 'lead', '2023-06-01'))
    .then(assigned(PROSECUTOR, 'lead', '2023-06-01')),
);

t.test(
  'supporting institutions join the lead',
  given(recommendationDecider, paragraph10, assigned(PROSECUTOR, 'lead', '2023-06-01'))
    .when(assign(interior, 'support', '2023-06-01'))
    .then(assigned(INTERIOR, 'support', '2023-06-01')),
);

t.test(
  'one lead per recommendation at a time',
  given(recommendationDecider, paragraph10, assigned(PROSECUTOR, 'lead', '2023-06-01'))
    .when(assign(interior, 'lead', '2023-09-01'))
    .thenThrows(
      LifecycleConflict,
      /has a lead institution, kaz-prosecutor-general-s-office, since 2023-06-01: one lead at a time/,
    ),
);

t.test(
  'a new lead once the old one is withdrawn, from the day of the handover on',
  given(
    recommendationDecider,
    paragraph10,
    assigned(PROSECUTOR, 'lead', '2023-06-01'),
    withdrawn(PROSECUTOR, '2024-01-15'),
  )
    .when(assign(interior, 'lead', '2024-01-15'))
    .then(assigned(INTERIOR, 'lead', '2024-01-15')),
);

t.test(
  'leads never overlap in time: a new lead cannot start before the last one ended',
  given(
    recommendationDecider,
    paragraph10,
    assigned(PROSECUTOR, 'lead', '2023-06-01'),
    withdrawn(PROSECUTOR, '2024-01-15'),
  )
    .when(assign(interior, 'lead', '2023-12-01'))
    .thenThrows(RuleViolation, /had another lead until 2024-01-15: a new lead cannot start on 2023-12-01/),
);

t.test(
  'State scope: only an institution of the recommendation’s State',
  given(recommendationDecider, paragraph10)
    .when(assign(uzbekInterior, 'support', '2023-06-01'))
    .thenThrows(
      RuleViolation,
      /uzb-ministry-of-internal-affairs belongs to UZB; recommendation cat-c-kaz-co-4-10 concerns KAZ/,
    ),
);

t.test(
  'only a registered institution',
  given(recommendationDecider, paragraph10)
    .when({
      type: 'AssignResponsibility',
      data: { institution: COMMISSIONER, role: 'lead', assignedOn: '2023-06-01' },
      institution: unknownInstitution,
    })
    .thenThrows(RuleViolation, /institution kaz-commissioner-for-human-rights is not registered/),
);

t.test(
  'dates in order: not assigned before the recommendation was issued',
  given(recommendationDecider, paragraph10)
    .when(assign(prosecutor, 'lead', '2023-05-09'))
    .thenThrows(
      RuleViolation,
      /assigned on 2023-05-09 cannot precede recommendation cat-c-kaz-co-4-10, issued on 2023-05-10/,
    ),
);

t.test(
  'an institution is responsible once at a time, in whatever role',
  given(recommendationDecider, paragraph10, assigned(INTERIOR, 'support', '2023-06-01'))
    .when(assign(interior, 'lead', '2023-07-01'))
    .thenThrows(
      LifecycleConflict,
      /kaz-ministry-of-internal-affairs is already responsible .*\(support, since 2023-06-01\): withdraw it first/,
    ),
);

t.test(
  'only an issued recommendation takes responsibilities',
  given(recommendationDecider)
    .when(assign(prosecutor, 'lead', '2023-06-01'))
    .thenThrows(NotFound, /issue it first/),
);

t.test(
  'a responsibility is withdrawn',
  given(recommendationDecider, paragraph10, assigned(PROSECUTOR, 'lead', '2023-06-01'))
    .when(withdraw(PROSECUTOR, '2024-01-15'))
    .then(withdrawn(PROSECUTOR, '2024-01-15')),
);

t.test(
  'only a current responsibility is withdrawn',
  given(
    recommendationDecider,
    paragraph10,
    assigned(PROSECUTOR, 'lead', '2023-06-01'),
    withdrawn(PROSECUTOR, '2024-01-15'),
  )
    .when(withdraw(PROSECUTOR, '2024-02-01'))
    .thenThrows(
      LifecycleConflict,
      /kaz-prosecutor-general-s-office is not responsible for recommendation cat-c-kaz-co-4-10/,
    ),
);

t.test(
  'dates in order: not withdrawn before it began',
  given(recommendationDecider, paragraph10, assigned(PROSECUTOR, 'lead', '2023-06-01'))
    .when(withdraw(PROSECUTOR, '2023-05-31'))
    .thenThrows(RuleViolation, /assigned on 2023-06-01 cannot be withdrawn on 2023-05-31/),
);

t.test(
  'assigned again after a withdrawal, not back into the time it was withdrawn',
  given(
    recommendationDecider,
    paragraph10,
    assigned(INTERIOR, 'support', '2023-06-01'),
    withdrawn(INTERIOR, '2024-01-15'),
  )
    .when(assign(interior, 'support', '2024-01-01'))
    .thenThrows(RuleViolation, /was responsible for cat-c-kaz-co-4-10 until 2024-01-15/),
);

t.test('who is responsible on a day: the periods as of that day', async (t) => {
  const state = stateAfter(
    recommendationDecider,
    paragraph10,
    assigned(PROSECUTOR, 'lead', '2023-06-01'),
    assigned(INTERIOR, 'support', '2023-06-01'),
    withdrawn(PROSECUTOR, '2024-01-15'),
    assigned(COMMISSIONER, 'lead', '2024-01-15'),
  );
  if (!state.exists) throw new Error('issued');
  t.equal(leadOn(state.responsibilities, '2023-05-31'), undefined, 'none before the first assignment');
  t.equal(leadOn(state.responsibilities, '2023-06-01')?.institutionId, PROSECUTOR);
  t.equal(leadOn(state.responsibilities, '2024-01-14')?.institutionId, PROSECUTOR, 'the day before the handover');
  t.equal(leadOn(state.responsibilities, '2024-01-15')?.institutionId, COMMISSIONER, 'the day of the handover');
  t.equal(leadOn(state.responsibilities)?.institutionId, COMMISSIONER, 'now');
  t.strictSame(
    responsibilitiesOn(state.responsibilities, '2024-06-01').map((r) => r.institutionId),
    [INTERIOR, COMMISSIONER],
  );
  t.notOk(
    holdsOn(
      { institutionId: PROSECUTOR, role: 'lead', assignedOn: '2023-06-01', withdrawnOn: '2023-06-01' },
      '2023-06-01',
    ),
  );
});
