/** The few kinds of failure a command or query can meet; the HTTP layer maps each to one status. */
export abstract class FollowupError extends Error {
  abstract readonly kind: 'not_found' | 'conflict' | 'rule' | 'forbidden' | 'unauthorized' | 'validation';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The resource does not exist (404). */
export class NotFound extends FollowupError {
  readonly kind = 'not_found';
}

/** The command conflicts with the resource's current state: a duplicate or a step out of lifecycle order (409). */
export class LifecycleConflict extends FollowupError {
  readonly kind = 'conflict';
}

/** Well-formed, but against a domain rule: dates out of order, a grade outside the scale (422). */
export class RuleViolation extends FollowupError {
  readonly kind = 'rule';
}

/** The actor's role or State scope forbids the command (403). */
export class Forbidden extends FollowupError {
  readonly kind = 'forbidden';
}

/** No valid credentials (401). */
export class Unauthorized extends FollowupError {
  readonly kind = 'unauthorized';
}

/** Input that does not match its schema (400). */
export class InvalidInput extends FollowupError {
  readonly kind = 'validation';
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}
