/** A token may be issued with an expiry: after it, the token is refused; tokens without one never expire. */
import t from 'tap';
import { RuleViolation } from '../../src/domain/errors.js';
import { expired, type TokenCommand, tokenDecider } from '../../src/domain/token/token.js';
import { given } from './given.js';

const issue = (expiresAt?: string): TokenCommand => ({
  type: 'IssueToken',
  data: {
    tokenId: 't-1',
    name: 'NHRI researcher',
    role: 'reader',
    secretHash: 'ab12',
    issuedAt: '2026-12-02T10:00:00.000Z',
    ...(expiresAt ? { expiresAt } : {}),
  },
});
const issued = (extra = {}) => ({
  type: 'TokenIssued' as const,
  data: { tokenId: 't-1', name: 'NHRI researcher', role: 'reader' as const, states: [], secretHash: 'ab12', ...extra },
});

t.test(
  'given no token, when issued with an expiry, then the event carries it in UTC',
  given(tokenDecider)
    .when(issue('2027-06-30T02:00:00+02:00'))
    .then(issued({ expiresAt: '2027-06-30T00:00:00.000Z' })),
);

t.test(
  'given no token, when issued without an expiry, then the event has none',
  given(tokenDecider).when(issue()).then(issued()),
);

t.test(
  'given no token, when issued with an expiry not after the issue, then it is refused',
  given(tokenDecider)
    .when(issue('2026-12-02T10:00:00Z'))
    .thenThrows(RuleViolation, /must expire after it is issued/),
);

t.test('a token is refused from its expiry on; one without expiry never', async (t) => {
  const at = (instant: string) => new Date(instant);
  t.notOk(expired('2027-01-01T00:00:00.000Z', at('2026-12-31T23:59:59.999Z')));
  t.ok(expired('2027-01-01T00:00:00.000Z', at('2027-01-01T00:00:00.000Z')));
  t.ok(expired('2027-01-01T00:00:00.000Z', at('2030-01-01T00:00:00.000Z')));
  t.notOk(expired(undefined, at('2999-01-01T00:00:00.000Z')));
  t.notOk(expired(null, at('2999-01-01T00:00:00.000Z')));
});
