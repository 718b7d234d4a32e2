/** The client's errors in our port's terms: a conflict is RevisionConflict, a server out of reach StoreUnavailable. */
import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { type ExpectedRevision, RevisionConflict, StoreUnavailable } from '../port.js';
import { fromCurrentRevision } from './mapping.js';

/** The server moved the stream on between our read of its tail and our append. */
export function conflictFrom(error: WrongExpectedVersionError, stream: string, expected: ExpectedRevision) {
  return new RevisionConflict(stream, expected, fromCurrentRevision(error.actualVersion));
}

/**
 * What the client throws, as a plain Error, when gossip found no node to talk to (every seed down, or no node in
 * a state it accepts): the client gives no class for it, only this message.
 */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts\.$/;

/** The client found no node of the cluster: nothing was sent anywhere. */
export function isDiscoveryFailure(error: unknown): boolean {
  return error instanceof Error && error.constructor === Error && DISCOVERY_FAILED.test(error.message);
}

/** Errors that mean "not now": no node found, the node down or not the leader, or no answer in time. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    isDiscoveryFailure(error)
  );
}

/**
 * Whether a failed append certainly wrote nothing: a node that is not the leader refuses a write that asks for
 * the leader before writing it, and a failed discovery sent nothing. Any other failure may follow a commit whose
 * answer was lost (a commit timeout, a connection dropped after the request left).
 */
export function provesNothingWritten(error: unknown): boolean {
  return error instanceof NotLeaderError || isDiscoveryFailure(error);
}

/** The error to give the caller: conflicts and transient faults translated, anything else as it came. */
export function toStoreError(
  error: unknown,
  stream?: string,
  expected?: ExpectedRevision,
  options: { outcomeUnknown?: boolean } = {},
): unknown {
  if (error instanceof WrongExpectedVersionError && stream !== undefined && expected !== undefined) {
    return conflictFrom(error, stream, expected);
  }
  if (isTransient(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreUnavailable(`EventStoreDB unavailable: ${reason}`, {
      cause: error,
      outcomeUnknown: options.outcomeUnknown === true,
    });
  }
  return error;
}
