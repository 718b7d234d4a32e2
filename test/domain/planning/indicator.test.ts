import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { type IndicatorCommand, indicatorDecider } from '../../../src/domain/indicator/decider.js';
import type { IndicatorEvent } from '../../../src/domain/indicator/indicator.js';
import { standingOn } from '../../../src/domain/indicator/track.js';
import { given } from '../given.js';
import { CAT_ID, paragraph10, recommendations, UPR_ID, uprIssued, uzbekIssued } from './fixtures.js';

const INDICATOR = 'kaz-share-of-torture-complaints-investigated-by-the-prosecutor-s-office';
const known = recommendations(paragraph10, uprIssued, uzbekIssued);
const definition = {
  state: 'KAZ',
  title: "Share of torture complaints investigated by the Prosecutor's Office",
  unit: '% of complaints',
  baseline: { value: 20, on: '2023-01-01' },
  target: { value: 80, by: '2026-12-31' },
  recommendationIds: [CAT_ID, UPR_ID],
  sdgTargets: ['16.3 - Promote the rule of law and ensure equal access to justice', '16.a', '16.3'],
};
const define = (data: Partial<typeof definition> = {}): IndicatorCommand => ({
  type: 'DefineIndicator',
  data: { ...definition, ...data },
  recommendations: known,
});
const defined = {
  type: 'IndicatorDefined',
  data: { ...definition, indicatorId: INDICATOR, sdgTargets: ['16.3', '16.a'] },
} satisfies IndicatorEvent;
const value = (v: number, on: string) =>
  ({
    type: 'RecordIndicatorValue',
    data: { value: v, on, source: 'Illustrative: Prosecutor-General, annual statistics' },
  }) as const;
const recorded = (v: number, on: string) =>
  ({
    type: 'IndicatorValueRecorded',
    data: { indicatorId: INDICATOR, value: v, on, source: 'Illustrative: Prosecutor-General, annual statistics' },
  }) as const;

t.test(
  'an indicator is defined; its SDG targets are kept as codes of the vocabulary',
  given(indicatorDecider).when(define()).then(defined),
);
t.test(
  'an indicator is defined once',
  given(indicatorDecider, defined)
    .when(define())
    .thenThrows(LifecycleConflict, /already defined/),
);
t.test(
  "dates in order: the target's date after the baseline's",
  given(indicatorDecider)
    .when(define({ target: { value: 80, by: '2023-01-01' } }))
    .thenThrows(RuleViolation, /target date 2023-01-01 must come after the baseline's, 2023-01-01/),
);
t.test(
  'a target differs from its baseline',
  given(indicatorDecider)
    .when(define({ target: { value: 20, by: '2026-12-31' } }))
    .thenThrows(RuleViolation, /must differ from the baseline/),
);
t.test(
  "State scope: the State's recommendations only",
  given(indicatorDecider)
    .when(define({ recommendationIds: ['cat-c-uzb-co-5-9'] }))
    .thenThrows(RuleViolation, /concerns UZB, not KAZ/),
);
t.test(
  'a value is recorded',
  given(indicatorDecider, defined).when(value(35, '2024-06-30')).then(recorded(35, '2024-06-30')),
);
t.test('values on or after the baseline', async (t) => {
  await given(indicatorDecider, defined).when(value(15, '2023-01-01')).then(recorded(15, '2023-01-01'))(t);
  await given(indicatorDecider, defined)
    .when(value(15, '2022-12-31'))
    .thenThrows(
      RuleViolation,
      /a value on 2022-12-31 precedes the baseline .* set on 2023-01-01/,
    )(t);
});
t.test(
  'a value for an undefined indicator',
  given(indicatorDecider)
    .when(value(1, '2024-01-01'))
    .thenThrows(NotFound, /define it first/),
);

t.test('progress from baseline toward target, on or off track on the day asked', async (t) => {
  // 20 on 2023-01-01 toward 80 by 2026-12-31: 1,460 days; on 2024-07-01, 547 of them have passed.
  const expected = 547 / 1460;
  t.strictSame(standingOn(definition, [], '2024-07-01'), { track: 'no_data', expected }, 'no value yet: no data');
  const behind = standingOn(definition, [{ value: 35, on: '2024-06-30' }], '2024-07-01');
  t.strictSame(behind, { track: 'off_track', latest: { value: 35, on: '2024-06-30' }, progress: 0.25, expected });
  t.equal(
    standingOn(definition, [{ value: 50, on: '2024-06-30' }], '2024-07-01').track,
    'on_track',
    'half way, ahead of the line',
  );
  t.equal(standingOn(definition, [{ value: 80, on: '2024-06-30' }], '2024-07-01').track, 'achieved');
  const away = standingOn(definition, [{ value: 10, on: '2024-06-30' }], '2024-07-01');
  t.equal(away.track, 'off_track');
  t.ok(away.progress! < 0, 'a value moving away from the target is negative progress');
  const values = [
    { value: 35, on: '2024-06-30' },
    { value: 50, on: '2024-06-30' },
    { value: 90, on: '2025-06-30' },
  ];
  t.equal(
    standingOn(definition, values, '2024-07-01').latest?.value,
    50,
    'a second value for a day corrects the first',
  );
  t.equal(standingOn(definition, values, '2024-07-01').track, 'on_track', 'only values on or before the day count');
  t.equal(standingOn(definition, values, '2025-07-01').track, 'achieved');
  t.equal(standingOn(definition, [], '2022-01-01').expected, 0, 'before the baseline nothing is expected yet');
  t.equal(standingOn(definition, [], '2030-01-01').expected, 1, 'after the target date all of it is');
  const falling = { baseline: { value: 40, on: '2023-01-01' }, target: { value: 10, by: '2025-01-01' } };
  t.equal(
    standingOn(falling, [{ value: 20, on: '2024-01-01' }], '2024-01-01').track,
    'on_track',
    'a target below the baseline',
  );
});
