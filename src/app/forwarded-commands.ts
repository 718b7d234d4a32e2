/**
 * Commands run by another thread (`serve --writer-thread`): the thread serving HTTP keeps its own connection for the
 * reads and passes each command, as the route called it (context and validated body), to the thread that owns the
 * write connection; the answer, or the error, comes back as it would have been thrown here, so that the routes and
 * the problem mapping do not know where the command ran.
 */
import { FollowupError, InvalidInput } from '../domain/errors.js';
import { CorruptEvent, RevisionConflict, StoreUnavailable } from '../eventstore/port.js';
import { CheckpointsUnavailable } from './checkpoints/errors.js';
import { PreconditionFailed } from './commands/errors.js';

/** Runs one forwarded method in the thread that writes, resolving with its answer. */
export type CommandCall = (group: string, method: string, args: unknown[]) => Promise<unknown>;

/**
 * Which methods are commands, by the Followup property holding them: these run where the log is written; every other
 * method (authenticating a token, listing subscriptions) reads, and runs where it is called.
 */
export const FORWARDED: Readonly<Record<string, readonly string[]>> = {
  reports: ['submit', 'present', 'adoptConcludingObservations', 'adoptListOfIssues', 'receiveListOfIssuesReplies'],
  recommendations: [
    'issue',
    'respond',
    'recordMeasure',
    'recordNotStarted',
    'receiveFollowUpReply',
    'assessFollowUp',
    'assignResponsibility',
    'withdrawResponsibility',
    'translateText',
    'sendFollowUpReminder',
    'recordMidTermReport',
    'requestFurtherInformation',
    'closeFollowUp',
  ],
  tokens: ['issue', 'revoke', 'bootstrap'],
  institutions: ['register'],
  clusters: ['form', 'add', 'remove'],
  actions: ['plan', 'reportProgress', 'recordMeasure'],
  indicators: ['define', 'recordValue'],
  visits: ['record', 'publishReport'],
  communications: ['send', 'receiveReply'],
  subscriptions: ['subscribe', 'unsubscribe'],
};

/**
 * `local` with its forwarded methods passed to `call`; the others are its own. `parts` stand in for properties of
 * `local` (the webhook subscriptions' commands, inside the notifications).
 */
export function forwarding<T extends object>(
  local: T,
  group: string,
  call: CommandCall,
  parts: Record<string, object> = {},
): T {
  const methods = new Set(FORWARDED[group] ?? []);
  return new Proxy(local, {
    get(target, property, receiver) {
      if (typeof property === 'string' && methods.has(property)) {
        return (...args: unknown[]) => call(group, property, args);
      }
      if (typeof property === 'string' && Object.hasOwn(parts, property)) return parts[property];
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Whether a message names a method that may be forwarded (the writer runs nothing else). */
export function isForwarded(group: string, method: string): boolean {
  return FORWARDED[group]?.includes(method) ?? false;
}

/** An error as it crosses between threads: its kind and the fields its problem is made of. */
export type SentError =
  | { kind: 'followup'; errorKind: FollowupError['kind']; message: string; errors?: InvalidInput['errors'] }
  | { kind: 'precondition'; expected: number; actual: number | null }
  | { kind: 'revision'; stream: string; expected: RevisionConflict['expected']; actual: RevisionConflict['actual'] }
  | { kind: 'store'; message: string; outcomeUnknown: boolean }
  | { kind: 'corrupt'; stream: string; revision: number; position: string }
  | { kind: 'checkpoints'; message: string }
  | { kind: 'other'; name: string; message: string; stack?: string | undefined };

export function sendableError(error: unknown): SentError {
  if (error instanceof InvalidInput) {
    return { kind: 'followup', errorKind: error.kind, message: error.message, errors: error.errors };
  }
  if (error instanceof FollowupError) return { kind: 'followup', errorKind: error.kind, message: error.message };
  if (error instanceof PreconditionFailed)
    return { kind: 'precondition', expected: error.expected, actual: error.actual };
  if (error instanceof RevisionConflict) {
    return { kind: 'revision', stream: error.stream, expected: error.expected, actual: error.actual };
  }
  if (error instanceof StoreUnavailable) {
    return { kind: 'store', message: error.message, outcomeUnknown: error.outcomeUnknown };
  }
  if (error instanceof CorruptEvent) {
    return { kind: 'corrupt', stream: error.stream, revision: error.revision, position: error.position };
  }
  if (error instanceof CheckpointsUnavailable) return { kind: 'checkpoints', message: error.message };
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', name, message, stack };
}

/** A FollowupError of any kind, as the thread that wrote threw it (the problem mapping reads only kind and message). */
class ForwardedFollowupError extends FollowupError {
  constructor(
    readonly kind: FollowupError['kind'],
    message: string,
  ) {
    super(message);
  }
}

/** The error again, of the class the problem mapping knows, on this side. */
export function receivedError(sent: SentError): Error {
  switch (sent.kind) {
    case 'followup':
      return sent.errorKind === 'validation'
        ? new InvalidInput(sent.message, sent.errors ?? [])
        : new ForwardedFollowupError(sent.errorKind, sent.message);
    case 'precondition':
      return new PreconditionFailed(sent.expected, sent.actual);
    case 'revision':
      return new RevisionConflict(sent.stream, sent.expected, sent.actual);
    case 'store':
      return new StoreUnavailable(sent.message, { outcomeUnknown: sent.outcomeUnknown });
    case 'corrupt':
      return new CorruptEvent(sent.stream, sent.revision, sent.position);
    case 'checkpoints':
      return new CheckpointsUnavailable(sent.message);
    default:
      return Object.assign(new Error(sent.message), { name: sent.name, stack: sent.stack });
  }
}
