/** Checkpoints cannot be signed or proved now: no signing key, or a tree still being built or out of step (503). */
export class CheckpointsUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointsUnavailable';
  }
}
