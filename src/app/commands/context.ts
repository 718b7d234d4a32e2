import type { Principal } from '../../domain/token/permissions.js';
import type { Actor, AppendResult, EventMetadataInput } from '../../eventstore/port.js';

/** A request sent with an Idempotency-Key, as its fingerprint is computed. */
export interface IdempotentRequest {
  /** The client's Idempotency-Key header. */
  key: string;
  method: string;
  path: string;
  body: unknown;
}

/** What a command needs from the request that carries it, whatever the transport. */
export interface CommandContext {
  principal: Principal;
  correlationId: string;
  causationId: string;
  /** The revision named by If-Match, if any. */
  ifMatch?: number;
  /** Present when the client sent an Idempotency-Key. */
  idempotency?: IdempotentRequest;
}

/** The answer of every command: the stream it changed, as the contract words it. */
export interface CommandResponse {
  status: number;
  body: { id: string; revision: number; position: string; events: string[] };
}

/** The answer to a command that changed (or found nothing to change in) the stream of resource `id`. */
export function accepted(id: string, status: number, outcome: AppendResult): CommandResponse {
  const { revision, position, events } = outcome;
  return { status, body: { id, revision, position, events: events.map((event) => event.type) } };
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'token'
    ? { tokenId: principal.tokenId, name: principal.name, role: principal.role }
    : { tokenId: 'anonymous', name: 'anonymous', role: 'anonymous' };
}

export function metadataFor(
  context: CommandContext,
  idempotency: { key: string; request: string } | undefined,
  status: number,
): EventMetadataInput {
  return {
    actor: actorOf(context.principal),
    correlationId: context.correlationId,
    causationId: context.causationId,
    ...(idempotency ? { idempotency: { ...idempotency, status } } : {}),
  };
}
