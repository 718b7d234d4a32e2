import t from 'tap';
import { LifecycleConflict } from '../../../src/domain/errors.js';
import { institutionDecider, institutionIdOf } from '../../../src/domain/institution/institution.js';
import { given } from '../given.js';

const register = {
  type: 'RegisterInstitution',
  data: { state: 'KAZ', name: "Prosecutor-General's Office", kind: 'prosecution' },
} as const;
const registered = {
  type: 'InstitutionRegistered',
  data: {
    institutionId: 'kaz-prosecutor-general-s-office',
    state: 'KAZ',
    name: "Prosecutor-General's Office",
    kind: 'prosecution',
  },
} as const;

t.test(
  'an institution is registered under a slug of its State and name',
  given(institutionDecider).when(register).then(registered),
);

t.test(
  'an institution is registered once',
  given(institutionDecider, registered)
    .when(register)
    .thenThrows(LifecycleConflict, /already registered/),
);

t.test('two States may each have a Ministry of Internal Affairs', async (t) => {
  t.not(
    institutionIdOf({ state: 'KAZ', name: 'Ministry of Internal Affairs' }),
    institutionIdOf({ state: 'UZB', name: 'Ministry of Internal Affairs' }),
  );
  t.equal(institutionIdOf({ state: 'KAZ', name: 'Ministry of Internal Affairs' }), 'kaz-ministry-of-internal-affairs');
});

t.test('a very long name still makes a bounded id, told apart from its neighbours', async (t) => {
  const long = 'Interdepartmental working group on the implementation of the recommendations of the treaty bodies';
  const a = institutionIdOf({ state: 'KAZ', name: `${long} (first)` });
  const b = institutionIdOf({ state: 'KAZ', name: `${long} (second)` });
  t.ok(a.length <= 100 && b.length <= 100);
  t.not(a, b);
  t.match(a, /^kaz-interdepartmental-working-group/);
});
