import type { Database } from 'better-sqlite3';
import { type Projection, projection } from './projection.js';

export interface TokenRecord {
  id: string;
  name: string;
  role: string;
  states: string[];
  issuedAt: string;
  revokedAt: string | null;
  /** When it stops working; null: never. */
  expiresAt: string | null;
}

/** Tokens by the hash of their secret, with revocation: what authentication reads on every request. */
export const tokensProjection: Projection = projection({
  name: 'tokens',
  handles: ['TokenIssued', 'TokenRevoked'],
  byStream: true,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      states TEXT NOT NULL,
      secret_hash TEXT NOT NULL UNIQUE,
      issued_at TEXT NOT NULL,
      revoked_at TEXT
    )`);
    // Tokens issued before expiry existed never expire: the column is added empty, nothing to rebuild.
    const columns = db.prepare("SELECT name FROM pragma_table_info('tokens')").pluck().all();
    if (!columns.includes('expires_at')) db.exec('ALTER TABLE tokens ADD COLUMN expires_at TEXT');
  },
  bind(db) {
    const insert = db.prepare(
      `INSERT INTO tokens (id, name, role, states, secret_hash, issued_at, expires_at)
       VALUES (@tokenId, @name, @role, @states, @secretHash, @issuedAt, @expiresAt)`,
    );
    const revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    return (event) => {
      if (event.type === 'TokenIssued') {
        const { data } = event;
        insert.run({
          ...data,
          states: JSON.stringify(data.states),
          issuedAt: event.metadata.recordedAt,
          expiresAt: data.expiresAt ?? null,
        });
      } else {
        revoke.run(event.metadata.recordedAt, event.data.tokenId);
      }
    };
  },
});

interface Row {
  id: string;
  name: string;
  role: string;
  states: string;
  issued_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

const toRecord = (row: Row): TokenRecord => ({
  id: row.id,
  name: row.name,
  role: row.role,
  states: JSON.parse(row.states) as string[],
  issuedAt: row.issued_at,
  revokedAt: row.revoked_at,
  expiresAt: row.expires_at,
});

export function tokenQueries(db: Database) {
  const bySecret = db.prepare<[string], Row>('SELECT * FROM tokens WHERE secret_hash = ?');
  const all = db.prepare<[], Row>('SELECT * FROM tokens ORDER BY issued_at, id');
  const adminCount = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM tokens WHERE role = 'admin'");
  return {
    /** The live or revoked token whose secret hashes to this value. */
    bySecretHash: (hash: string): TokenRecord | undefined => {
      const row = bySecret.get(hash);
      return row ? toRecord(row) : undefined;
    },
    list: (): TokenRecord[] => all.all().map(toRecord),
    adminsEverIssued: (): number => adminCount.get()?.n ?? 0,
  };
}
