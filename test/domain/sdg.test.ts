import t from 'tap';
import { SDG_TARGET_CODES, SdgTargetRef, sdgTargetOf, sdgTargetsOf, sdgTargetTitle } from '../../src/domain/sdg/sdg.js';

t.test('the vocabulary: 17 goals, 169 targets', async (t) => {
  t.equal(SDG_TARGET_CODES.length, 169);
  const goals = new Set(SDG_TARGET_CODES.map((code) => code.split('.')[0]));
  t.equal(goals.size, 17);
  t.equal(
    SDG_TARGET_CODES.filter((code) => code.startsWith('17.')).length,
    19,
    'goal 17 has 19 targets, none lettered',
  );
  t.equal(SDG_TARGET_CODES.filter((code) => /[a-d]$/.test(code)).length, 43, 'means of implementation');
  t.equal(sdgTargetTitle('16.2'), 'Protect children from abuse, exploitation, trafficking and violence');
  t.equal(sdgTargetTitle('16.11'), undefined);
});

t.test('sdgTargetOf maps the labels sources carry onto the vocabulary', async (t) => {
  t.equal(
    sdgTargetOf('16.2 - Protect children from abuse, exploitation, trafficking and violence'),
    '16.2',
    'UHRI full export',
  );
  t.equal(sdgTargetOf('- 16.3 - Promote the rule of law'), '16.3', 'UHRI spreadsheet cell');
  t.equal(sdgTargetOf('16.3'), '16.3');
  t.equal(sdgTargetOf(' 16.A '), '16.a', 'lettered targets in either case');
  t.equal(sdgTargetOf('Target 5.2'), '5.2');
  t.equal(sdgTargetOf('16.10 - Public access to information'), '16.10', 'two-digit targets are not read as 16.1');
  t.equal(sdgTargetOf('Promote the rule of law and ensure equal access to justice'), '16.3', 'an exact short title');
  t.equal(sdgTargetOf('16.11'), undefined, 'no such target');
  t.equal(sdgTargetOf('16'), undefined, 'a goal is not a target');
  t.equal(sdgTargetOf('16.3.1'), undefined, 'an indicator is not a target');
  t.equal(sdgTargetOf('rule of law'), undefined, 'free text is not a target');
  t.strictSame(sdgTargetsOf(['16.3', '16.3 - Promote the rule of law', 'nonsense', '5.2']), ['16.3', '5.2']);
});

t.test('requests name targets of the vocabulary only', async (t) => {
  t.ok(SdgTargetRef.safeParse('16.3 - Promote the rule of law').success);
  t.notOk(SdgTargetRef.safeParse('Peace').success);
});
