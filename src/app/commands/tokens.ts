import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { LifecycleConflict, Unauthorized } from '../../domain/errors.js';
import { tokenStream } from '../../domain/identity.js';
import { CONFIGURED_ADMIN_TOKEN_ID, SYSTEM_TOKEN_ID } from '../../domain/token/issuers.js';
import type { Principal } from '../../domain/token/permissions.js';
import { authorise } from '../../domain/token/permissions.js';
import {
  expired,
  type IssueToken,
  type Role,
  type TokenCommand,
  type TokenEvent,
  tokenDecider,
} from '../../domain/token/token.js';
import { decodeEvent } from '../../domain/upcasting.js';
import { IdempotencyKeyTaken } from '../../eventstore/port.js';
import type { CommandHandler } from './command-handler.js';
import { type CommandContext, metadataFor } from './context.js';
import { type IdempotencyRecords, requestFingerprint, scopedKey } from './idempotency.js';

export interface TokenLookup {
  bySecretHash(
    hash: string,
  ):
    | { id: string; name: string; role: string; states: string[]; revokedAt: string | null; expiresAt: string | null }
    | undefined;
  /** Admin tokens ever issued, revoked or not. */
  adminsEverIssued(): number;
}

export interface IssuedToken {
  id: string;
  /** The secret: shown once, here, and never stored. */
  token: string;
  name: string;
  role: Role;
  states: string[];
  /** When it stops working; absent: never. */
  expiresAt?: string;
}

const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
const newSecret = (): string => `fu_${randomBytes(32).toString('base64url')}`;

/** The principal of the configured bootstrap admin token. */
const BOOTSTRAP_ADMIN: Principal = {
  kind: 'token',
  tokenId: CONFIGURED_ADMIN_TOKEN_ID,
  name: 'bootstrap admin',
  role: 'admin',
  states: [],
};

/** Bearer tokens: issued and revoked as events, checked by the hash of their secret. */
export class Tokens {
  private readonly configuredAdminHash: Buffer | undefined;

  constructor(
    private readonly handler: CommandHandler,
    private readonly lookup: TokenLookup,
    private readonly idempotency: IdempotencyRecords,
    configuredAdminToken: string | undefined,
  ) {
    this.configuredAdminHash = configuredAdminToken ? Buffer.from(hashSecret(configuredAdminToken), 'hex') : undefined;
  }

  /** Who holds this bearer secret; revoked, expired and unknown secrets are refused. */
  authenticate(secret: string, now = new Date()): Principal {
    const hash = hashSecret(secret);
    // Compare digests in constant time: the configured token never meets a plain string comparison.
    if (this.configuredAdminHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.configuredAdminHash)) {
      return BOOTSTRAP_ADMIN;
    }
    const token = this.lookup.bySecretHash(hash);
    if (!token) throw new Unauthorized('the bearer token is not valid');
    if (token.revokedAt) throw new Unauthorized('the bearer token was revoked');
    if (expired(token.expiresAt, now)) {
      throw new Unauthorized(`the bearer token expired at ${token.expiresAt}: ask an administrator for a new one`);
    }
    return { kind: 'token', tokenId: token.id, name: token.name, role: token.role as Role, states: token.states };
  }

  async issue(context: CommandContext, data: IssueToken): Promise<IssuedToken> {
    authorise(context.principal, 'IssueToken');
    // The secret exists only in this answer, so a retry cannot be answered again: it is refused instead.
    const record = context.idempotency
      ? { key: scopedKey(context.principal, context.idempotency.key), request: requestFingerprint(context.idempotency) }
      : undefined;
    const usedKey = () =>
      new LifecycleConflict(
        'a token was already issued under this Idempotency-Key; its secret is shown only once: revoke it and issue another',
      );
    if (record && this.idempotency.find(record.key)) throw usedKey();
    const tokenId = randomUUID();
    const secret = newSecret();
    const issuedAt = new Date().toISOString();
    try {
      await this.handler.run({
        stream: tokenStream(tokenId),
        decider: tokenDecider,
        decode: decodeEvent<TokenEvent>,
        commands: [
          (): TokenCommand => ({
            type: 'IssueToken',
            data: { ...data, tokenId, secretHash: hashSecret(secret), issuedAt },
          }),
        ],
        metadata: metadataFor(context, record, 201),
      });
    } catch (error) {
      // Two requests raced under one key: the other one issued the token.
      if (error instanceof IdempotencyKeyTaken) throw usedKey();
      throw error;
    }
    return {
      id: tokenId,
      token: secret,
      name: data.name,
      role: data.role,
      states: [...new Set(data.states ?? [])],
      ...(data.expiresAt ? { expiresAt: new Date(data.expiresAt).toISOString() } : {}),
    };
  }

  async revoke(context: CommandContext, tokenId: string): Promise<void> {
    authorise(context.principal, 'RevokeToken');
    await this.handler.run({
      stream: tokenStream(tokenId),
      decider: tokenDecider,
      decode: decodeEvent<TokenEvent>,
      commands: [(): TokenCommand => ({ type: 'RevokeToken', tokenId })],
      metadata: metadataFor(context, undefined, 204),
    });
  }

  /** On the first start without a configured admin token, issues one; returns its secret to print once. */
  async bootstrap(): Promise<string | undefined> {
    if (this.configuredAdminHash || this.lookup.adminsEverIssued() > 0) return undefined;
    const system: Principal = { kind: 'token', tokenId: SYSTEM_TOKEN_ID, name: 'followup', role: 'admin', states: [] };
    const issued = await this.issue(
      { principal: system, correlationId: randomUUID(), causationId: randomUUID() },
      { name: 'first admin', role: 'admin' },
    );
    return issued.token;
  }
}
