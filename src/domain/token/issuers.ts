/**
 * Who may have recorded a token event: an admin token that was issued before it and not yet revoked, the
 * configured admin token, the operator at the command line, or the service itself issuing the first admin on a
 * first start. `followup verify` holds the log to this rule, so a token event written into the database by hand is
 * named unless it cites one of those; the checkpoints cover it either way.
 */

/** The service's own actor: it issues the first admin token on a first start without a configured one. */
export const SYSTEM_TOKEN_ID = 'system';
/** The actor of commands made with the token configured in FOLLOWUP_ADMIN_TOKEN (it is not in the log). */
export const CONFIGURED_ADMIN_TOKEN_ID = 'bootstrap-admin';
/** The operator at the machine, issuing a token with `followup token create`. */
export const COMMAND_LINE_TOKEN_ID = 'cli';

export interface TokenEventRecord {
  type: 'TokenIssued' | 'TokenRevoked';
  /** The token the event is about. */
  tokenId: string;
  /** The role issued (TokenIssued). */
  role?: string;
  actor: { tokenId: string; role: string };
}

export type IssuerFault =
  /** No token of that id was issued before the event. */
  | 'unknown-issuer'
  /** The issuer's token was issued with another role than admin. */
  | 'not-an-admin'
  /** The issuer's token was revoked before the event. */
  | 'revoked-issuer'
  /** The issuer's token was itself issued without authority. */
  | 'unauthorised-issuer'
  /** The service issues only the first admin token, and only while there is none. */
  | 'system-after-first-admin'
  /** Attributed to the configured admin token, but no admin token is configured. */
  | 'no-configured-admin';

export interface TokenIssuers {
  tokens: ReadonlyMap<string, { role: string; revoked: boolean; authorised: boolean }>;
  adminsIssued: number;
}

export const noTokens = (): TokenIssuers => ({ tokens: new Map(), adminsIssued: 0 });

/** What is wrong with the event's issuer, given the token events before it; undefined when it was authorised. */
export function issuerFault(
  state: TokenIssuers,
  event: TokenEventRecord,
  options: { configuredAdmin: boolean },
): IssuerFault | undefined {
  const actor = event.actor.tokenId;
  if (actor === SYSTEM_TOKEN_ID) {
    const firstAdmin = event.type === 'TokenIssued' && event.role === 'admin' && state.adminsIssued === 0;
    return firstAdmin ? undefined : 'system-after-first-admin';
  }
  if (actor === CONFIGURED_ADMIN_TOKEN_ID) return options.configuredAdmin ? undefined : 'no-configured-admin';
  if (actor === COMMAND_LINE_TOKEN_ID) return undefined;
  const issuer = state.tokens.get(actor);
  if (!issuer) return 'unknown-issuer';
  if (issuer.role !== 'admin') return 'not-an-admin';
  if (issuer.revoked) return 'revoked-issuer';
  if (!issuer.authorised) return 'unauthorised-issuer';
  return undefined;
}

/** The tokens after the event; a token issued without authority is remembered as such, so what it did is named too. */
export function evolveIssuers(
  state: TokenIssuers,
  event: TokenEventRecord,
  options: { configuredAdmin: boolean },
): TokenIssuers {
  const tokens = new Map(state.tokens);
  if (event.type === 'TokenIssued') {
    const authorised = issuerFault(state, event, options) === undefined;
    tokens.set(event.tokenId, { role: event.role ?? '', revoked: false, authorised });
    return { tokens, adminsIssued: state.adminsIssued + (event.role === 'admin' ? 1 : 0) };
  }
  const token = tokens.get(event.tokenId);
  if (token) tokens.set(event.tokenId, { ...token, revoked: true });
  return { tokens, adminsIssued: state.adminsIssued };
}
