/**
 * The checkpoints the service signed, kept beside the log's tree. They are statements, not read models: nothing
 * rebuilds them, and the signer checks each new tree against the last of them.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SignedCheckpoint } from './checkpoint-note.js';

interface Row {
  size: number;
  position: string;
  root: Buffer;
  signed_at: string;
  origin: string;
  key_id: string;
  note: string;
}

const toCheckpoint = (row: Row): SignedCheckpoint => ({
  origin: row.origin,
  size: row.size,
  root: row.root,
  position: row.position,
  signedAt: row.signed_at,
  keyId: row.key_id,
  note: row.note,
});

export function migrateSignedCheckpoints(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS signed_checkpoints (
      id INTEGER PRIMARY KEY,
      size INTEGER NOT NULL,
      position TEXT NOT NULL,
      root BLOB NOT NULL,
      signed_at TEXT NOT NULL,
      origin TEXT NOT NULL,
      key_id TEXT NOT NULL,
      note TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS signed_checkpoints_by_size ON signed_checkpoints (size);
  `);
}

export class SignedCheckpoints {
  readonly #insert: Statement<[number, string, Buffer, string, string, string, string]>;
  readonly #latest: Statement<[], Row>;
  readonly #bySize: Statement<[number], Row>;

  constructor(db: Database) {
    migrateSignedCheckpoints(db);
    this.#insert = db.prepare(
      'INSERT INTO signed_checkpoints (size, position, root, signed_at, origin, key_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#latest = db.prepare('SELECT * FROM signed_checkpoints ORDER BY id DESC LIMIT 1');
    this.#bySize = db.prepare('SELECT * FROM signed_checkpoints WHERE size = ? ORDER BY id DESC LIMIT 1');
  }

  record(checkpoint: SignedCheckpoint): void {
    const { size, position, root, signedAt, origin, keyId, note } = checkpoint;
    this.#insert.run(size, position, root, signedAt, origin, keyId, note);
  }

  /** The last one signed. */
  latest(): SignedCheckpoint | undefined {
    const row = this.#latest.get();
    return row ? toCheckpoint(row) : undefined;
  }

  /** The last one signed for a tree of this size. */
  ofSize(size: number): SignedCheckpoint | undefined {
    const row = this.#bySize.get(size);
    return row ? toCheckpoint(row) : undefined;
  }
}
