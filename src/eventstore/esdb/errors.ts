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

/** Errors that mean "not now": the node is down, not the leader, or did not answer in time. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  );
}

/** The error to give the caller: conflicts and transient faults translated, anything else as it came. */
export function toStoreError(error: unknown, stream?: string, expected?: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError && stream !== undefined && expected !== undefined) {
    return conflictFrom(error, stream, expected);
  }
  if (isTransient(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreUnavailable(`EventStoreDB unavailable: ${reason}`, { cause: error });
  }
  return error;
}
