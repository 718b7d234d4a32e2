import { randomUUID } from 'node:crypto';
import type { Followup } from '../app/followup.js';
import { InvalidInput } from '../domain/errors.js';
import { stateCodeFromInput } from '../domain/state-names.js';
import { COMMAND_LINE_TOKEN_ID } from '../domain/token/issuers.js';
import { IssueToken } from '../domain/token/token.js';
import { expectation } from '../http/validation-messages.js';

/** Issues a token from the command line: the operator at the machine acts as admin. */
export async function issueTokenOffline(
  followup: Followup,
  input: { name: string; role: string; states?: string[]; expiresAt?: string },
) {
  // A State given by name or in lower case is its code; one this service does not know is refused below.
  const states = input.states?.map((state) => stateCodeFromInput(state) ?? state);
  const { expiresAt, ...given } = input;
  const parsed = IssueToken.safeParse({ ...given, ...(states ? { states } : {}), ...(expiresAt ? { expiresAt } : {}) });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: expectation(issue) }));
    throw new InvalidInput(errors.map((e) => `${flagOf(e.path)} ${e.message}`).join('; '), errors);
  }
  // The rule the decider keeps, said in flags rather than in the API's fields.
  const scoped = (parsed.data.states ?? []).length > 0;
  if (parsed.data.role === 'state' && !scoped) {
    throw new InvalidInput('--role state needs the States the token acts for: add --state KAZ (one or more)');
  }
  if (parsed.data.role !== 'state' && scoped) {
    throw new InvalidInput(`--state is only for --role state: a ${parsed.data.role} token is not scoped to States`);
  }
  return followup.tokens.issue(
    {
      principal: {
        kind: 'token',
        tokenId: COMMAND_LINE_TOKEN_ID,
        name: `command line (${process.env.USER ?? 'operator'})`,
        role: 'admin',
        states: [],
      },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
    parsed.data,
  );
}

/** The flag a field of IssueToken comes from. */
const flagOf = (path: string): string => {
  const field = path.split('.')[0] ?? '';
  if (field === 'states') return '--state';
  return field === 'expiresAt' ? '--expires-at' : `--${field}`;
};
