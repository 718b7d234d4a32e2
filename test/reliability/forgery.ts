/** What an attacker who can write the database file does, knowing how the hash chain is computed. */
import { createHash, randomUUID } from 'node:crypto';
import type Sqlite from 'better-sqlite3';
import { eventHash } from '../../src/eventstore/integrity.js';

export interface Row {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/** Rewrites rows of a stream from `from` on, recomputing every hash after them: the chain holds again. */
export function rewriteAndRechain(
  attacker: Sqlite.Database,
  rows: Row[],
  from: number,
  change: (data: unknown) => unknown,
) {
  let previousHash: string | null = from === 0 ? null : JSON.parse(rows[from - 1]!.metadata).hash;
  const update = attacker.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
  for (const row of rows.slice(from)) {
    const data = row.revision === rows[from]!.revision ? change(JSON.parse(row.data)) : JSON.parse(row.data);
    const metadata = JSON.parse(row.metadata);
    const hash = eventHash(
      { id: row.id, stream: row.stream, revision: row.revision, type: row.type, data, metadata },
      previousHash,
    );
    update.run(JSON.stringify(data), JSON.stringify({ ...metadata, previousHash, hash }), row.position);
    previousHash = hash;
  }
}

/** A self-consistent TokenIssued for an admin of the attacker's own, in the log and in the tokens read model. */
export function forgeAdminToken(attacker: Sqlite.Database, actorTokenId: string, position?: number) {
  const tokenId = randomUUID();
  const secret = `fu_${randomUUID()}`;
  const data = { tokenId, name: 'totally legit', role: 'admin', states: [], secretHash: sha256(secret) };
  const metadata = {
    actor: { tokenId: actorTokenId, name: 'admin', role: 'admin' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  };
  const stream = `token-${tokenId}`;
  const id = randomUUID();
  const hash = eventHash({ id, stream, revision: 0, type: 'TokenIssued', data, metadata }, null);
  attacker
    .prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata) VALUES (?, ?, ?, 0, ?, ?, ?)')
    .run(
      position ?? null,
      id,
      stream,
      'TokenIssued',
      JSON.stringify(data),
      JSON.stringify({ ...metadata, previousHash: null, hash }),
    );
  attacker
    .prepare(
      `INSERT INTO tokens (id, name, role, states, secret_hash, issued_at) VALUES (?, 'totally legit', 'admin', '[]', ?, ?)`,
    )
    .run(tokenId, data.secretHash, metadata.recordedAt);
  return { secret, stream };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
