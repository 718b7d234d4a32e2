import { z } from 'zod';
import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';

export const ROLES = ['admin', 'secretariat', 'state', 'reader'] as const;
export type Role = (typeof ROLES)[number];
export const Role = z.enum(ROLES);

/** Body of POST /v1/tokens. */
export const IssueToken = z.strictObject({
  name: userText().min(1).max(200).describe('who or what holds the token, e.g. "CAT secretariat"'),
  role: Role,
  states: z.array(StateInput).max(250).optional().describe('for the state role: the States it may act for'),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO date-time, like 2027-06-30T00:00:00Z' })
    .optional()
    .describe('when the token stops working; default: never (until revoked)'),
});
export type IssueToken = z.infer<typeof IssueToken>;

export const TokenIssued = z.strictObject({
  tokenId: z.string(),
  name: z.string(),
  role: Role,
  states: z.array(z.string()),
  /** SHA-256 of the secret: the secret itself is never stored. */
  secretHash: z.string(),
  /** When the token stops working (ISO date-time, UTC); absent: never. Tokens issued before expiry existed have none. */
  expiresAt: z.string().optional(),
});
export const TokenRevoked = z.strictObject({ tokenId: z.string() });

export type TokenEvent =
  | { type: 'TokenIssued'; data: z.infer<typeof TokenIssued> }
  | { type: 'TokenRevoked'; data: z.infer<typeof TokenRevoked> };

export type TokenCommand =
  | { type: 'IssueToken'; data: IssueToken & { tokenId: string; secretHash: string; issuedAt: string } }
  | { type: 'RevokeToken'; tokenId: string };

export interface TokenState {
  exists: boolean;
  revoked: boolean;
}

/** Whether a token with this expiry is refused at `now`; a token without one never expires. */
export function expired(expiresAt: string | null | undefined, now: Date): boolean {
  return expiresAt !== null && expiresAt !== undefined && new Date(expiresAt).getTime() <= now.getTime();
}

/** Who may hold a token: a state token acts for named States, other roles for none in particular. */
export const tokenDecider: Decider<TokenCommand, TokenEvent, TokenState> = {
  initialState: () => ({ exists: false, revoked: false }),
  evolve: (state, event) =>
    event.type === 'TokenIssued' ? { exists: true, revoked: false } : { ...state, revoked: true },
  decide(command, state) {
    if (command.type === 'IssueToken') {
      if (state.exists) throw new LifecycleConflict(`token ${command.data.tokenId} already exists`);
      const states = [...new Set(command.data.states ?? [])];
      if (command.data.role === 'state' && states.length === 0)
        throw new RuleViolation('a token with the state role needs the States it acts for in `states`');
      if (command.data.role !== 'state' && states.length > 0)
        throw new RuleViolation(`a token with the ${command.data.role} role is not scoped to States: omit \`states\``);
      const { tokenId, name, role, secretHash, issuedAt } = command.data;
      const expiresAt = command.data.expiresAt === undefined ? undefined : new Date(command.data.expiresAt);
      if (expiresAt && expiresAt.getTime() <= new Date(issuedAt).getTime())
        throw new RuleViolation(`a token must expire after it is issued (${issuedAt}): \`expiresAt\` is in the past`);
      return [
        {
          type: 'TokenIssued',
          data: {
            tokenId,
            name,
            role,
            states,
            secretHash,
            ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
          },
        },
      ];
    }
    if (!state.exists) throw new NotFound(`token ${command.tokenId} does not exist`);
    // Revoking twice changes nothing: DELETE is idempotent.
    return state.revoked ? [] : [{ type: 'TokenRevoked', data: { tokenId: command.tokenId } }];
  },
};
