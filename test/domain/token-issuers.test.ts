/** Who may issue and revoke tokens: given the token events so far, when another one, then authorised or its fault. */
import t, { type Test } from 'tap';
import {
  COMMAND_LINE_TOKEN_ID,
  CONFIGURED_ADMIN_TOKEN_ID,
  evolveIssuers,
  issuerFault,
  noTokens,
  SYSTEM_TOKEN_ID,
  type TokenEventRecord,
} from '../../src/domain/token/issuers.js';

const by = (tokenId: string, role = 'admin') => ({ tokenId, role });
const issued = (tokenId: string, role: string, actor: string): TokenEventRecord => ({
  type: 'TokenIssued',
  tokenId,
  role,
  actor: by(actor),
});
const revoked = (tokenId: string, actor: string): TokenEventRecord => ({
  type: 'TokenRevoked',
  tokenId,
  actor: by(actor),
});

function given(...history: TokenEventRecord[]) {
  return {
    when: (event: TokenEventRecord, configuredAdmin = false) => ({
      // biome-ignore lint/suspicious/noThenProperty: given/when/then reads like the domain; never awaited
      then: (fault: string | undefined) => async (t: Test) => {
        const state = history.reduce((s, e) => evolveIssuers(s, e, { configuredAdmin }), noTokens());
        t.equal(issuerFault(state, event, { configuredAdmin }), fault);
      },
    }),
  };
}

const firstAdmin = issued('admin-1', 'admin', SYSTEM_TOKEN_ID);

t.test('the service issues the first admin on a first start', given().when(firstAdmin).then(undefined));
t.test(
  'the service issues nothing once an admin exists',
  given(firstAdmin)
    .when(issued('admin-2', 'admin', SYSTEM_TOKEN_ID))
    .then('system-after-first-admin'),
);
t.test(
  'the service issues no other role',
  given()
    .when(issued('sec-1', 'secretariat', SYSTEM_TOKEN_ID))
    .then('system-after-first-admin'),
);
t.test(
  'an admin issues any token',
  given(firstAdmin)
    .when(issued('sec-1', 'secretariat', 'admin-1'))
    .then(undefined),
);
t.test(
  'an admin revokes',
  given(firstAdmin, issued('sec-1', 'secretariat', 'admin-1'))
    .when(revoked('sec-1', 'admin-1'))
    .then(undefined),
);
t.test(
  'a token nobody issued before issues nothing',
  given(firstAdmin)
    .when(issued('mine', 'admin', 'forged-admin'))
    .then('unknown-issuer'),
);
t.test(
  'a token issued later cannot have issued earlier',
  given()
    .when(issued('sec-1', 'secretariat', 'admin-1'))
    .then('unknown-issuer'),
);
t.test(
  'a secretariat token issues nothing',
  given(firstAdmin, issued('sec-1', 'secretariat', 'admin-1'))
    .when(issued('mine', 'admin', 'sec-1'))
    .then('not-an-admin'),
);
t.test(
  'a revoked admin issues nothing',
  given(firstAdmin, issued('admin-2', 'admin', 'admin-1'), revoked('admin-2', 'admin-1'))
    .when(issued('mine', 'admin', 'admin-2'))
    .then('revoked-issuer'),
);
t.test(
  'the configured admin token acts when one is configured',
  given()
    .when(issued('sec-1', 'secretariat', CONFIGURED_ADMIN_TOKEN_ID), true)
    .then(undefined),
);
t.test(
  'and is named when none is',
  given()
    .when(issued('sec-1', 'secretariat', CONFIGURED_ADMIN_TOKEN_ID), false)
    .then('no-configured-admin'),
);
t.test(
  'the operator at the command line issues tokens',
  given(firstAdmin)
    .when(issued('sec-1', 'secretariat', COMMAND_LINE_TOKEN_ID))
    .then(undefined),
);
t.test(
  'what a token issued without authority does is named too',
  given(firstAdmin, issued('mine', 'admin', 'forged-admin'))
    .when(issued('another', 'reader', 'mine'))
    .then('unauthorised-issuer'),
);
t.test(
  'a revocation by a revoked admin is named',
  given(firstAdmin, issued('admin-2', 'admin', 'admin-1'), revoked('admin-2', 'admin-1'))
    .when(revoked('admin-1', 'admin-2'))
    .then('revoked-issuer'),
);
