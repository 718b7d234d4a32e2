import type { Database, Statement } from 'better-sqlite3';
import type { InstitutionKind } from '../../src/domain/institution/institution.js';
import { type Projection, projection } from '../projection.js';
import type { InstitutionView } from './schemas.js';

export type { InstitutionView } from './schemas.js';

interface InstitutionRow {
  id: string;
  state: string;
  name: string;
  kind: string | null;
  position: string;
  revision: number;
}

/** The institutions of every State, as registered. */
export const institutionsProjection: Projection = projection({
  name: 'institutions',
  byStream: true,
  handles: ['InstitutionRegistered'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS institutions (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS institutions_by_state ON institutions (state, name);
    `);
  },
  bind(db) {
    const register = db.prepare(`
      INSERT OR IGNORE INTO institutions (id, state, name, kind, position, revision)
      VALUES (:id, :state, :name, :kind, :position, :revision)
    `);
    return (event) => {
      const { institutionId, state, name, kind } = event.data;
      register.run({
        id: institutionId,
        state,
        name,
        kind: kind ?? null,
        position: event.position,
        revision: event.revision,
      });
    };
  },
});

const view = (row: InstitutionRow): InstitutionView => ({
  id: row.id,
  state: row.state,
  name: row.name,
  ...(row.kind !== null && { kind: row.kind as InstitutionKind }),
  position: row.position,
  revision: row.revision,
});

export class InstitutionQueries {
  private readonly selectOne: Statement<[string], InstitutionRow>;
  private readonly selectOfState: Statement<[string], InstitutionRow>;
  private readonly selectAll: Statement<[], InstitutionRow>;

  constructor(db: Database) {
    this.selectOne = db.prepare('SELECT * FROM institutions WHERE id = ?');
    this.selectOfState = db.prepare('SELECT * FROM institutions WHERE state = ? ORDER BY name, id');
    this.selectAll = db.prepare('SELECT * FROM institutions ORDER BY state, name, id');
  }

  get(id: string): InstitutionView | undefined {
    const row = this.selectOne.get(id);
    return row && view(row);
  }

  /** A State's institutions by name; every State's without one. */
  list(state?: string): InstitutionView[] {
    return (state === undefined ? this.selectAll.all() : this.selectOfState.all(state)).map(view);
  }
}
