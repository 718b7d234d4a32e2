/** `If-Match` named a revision the stream has moved past (412). */
export class PreconditionFailed extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number | null,
  ) {
    super(
      `If-Match expected revision ${expected}, but the resource is at revision ${actual ?? 'none'}: read it again and retry`,
    );
    this.name = 'PreconditionFailed';
  }
}
