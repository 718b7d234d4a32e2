import type { Database, Statement } from 'better-sqlite3';
import type { ResponsibilityRole } from '../../src/domain/recommendation/events.js';
import { type Responsibility, responsibilitiesOn } from '../../src/domain/recommendation/responsibility.js';
import { type Projection, projection } from '../projection.js';

/** One period an institution was responsible for a recommendation, with the positions of its events. */
export interface ResponsibilityView extends Responsibility {
  recommendationId: string;
  /** Position of the event that assigned it. */
  position: string;
  /** Position of the event that withdrew it, if any. */
  withdrawnPosition?: string;
}

interface ResponsibilityRow {
  recommendation_id: string;
  institution_id: string;
  role: ResponsibilityRole;
  assigned_on: string;
  withdrawn_on: string | null;
  position: string;
  withdrawn_position: string | null;
}

/** Who is responsible for which recommendation, over time: one row per period. */
export const responsibilitiesProjection: Projection = projection({
  name: 'responsibilities',
  byStream: true,
  handles: ['ResponsibilityAssigned', 'ResponsibilityWithdrawn'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS responsibilities (
        recommendation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        institution_id TEXT NOT NULL,
        role TEXT NOT NULL,
        assigned_on TEXT NOT NULL,
        withdrawn_on TEXT,
        position TEXT NOT NULL,
        withdrawn_position TEXT,
        PRIMARY KEY (recommendation_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS responsibilities_by_institution ON responsibilities (institution_id, recommendation_id);
    `);
  },
  bind(db) {
    const assign = db.prepare(`
      INSERT OR IGNORE INTO responsibilities (recommendation_id, seq, institution_id, role, assigned_on, position)
      VALUES (:recommendationId, :seq, :institutionId, :role, :assignedOn, :position)
    `);
    const withdraw = db.prepare(`
      UPDATE responsibilities SET withdrawn_on = :withdrawnOn, withdrawn_position = :position
      WHERE recommendation_id = :recommendationId AND institution_id = :institutionId AND withdrawn_on IS NULL
        AND seq < :seq
    `);
    return (event) => {
      if (event.type === 'ResponsibilityAssigned') {
        assign.run({ ...event.data, seq: event.revision, position: event.position });
      } else {
        withdraw.run({ ...event.data, seq: event.revision, position: event.position });
      }
    };
  },
});

const view = (row: ResponsibilityRow): ResponsibilityView => ({
  recommendationId: row.recommendation_id,
  institutionId: row.institution_id,
  role: row.role,
  assignedOn: row.assigned_on,
  ...(row.withdrawn_on !== null && { withdrawnOn: row.withdrawn_on }),
  position: row.position,
  ...(row.withdrawn_position !== null && { withdrawnPosition: row.withdrawn_position }),
});

export class ResponsibilityQueries {
  private readonly selectOf: Statement<[string], ResponsibilityRow>;
  private readonly selectOfState: Statement<[string], ResponsibilityRow>;
  private readonly selectOfInstitution: Statement<[string], ResponsibilityRow>;

  constructor(db: Database) {
    this.selectOf = db.prepare('SELECT * FROM responsibilities WHERE recommendation_id = ? ORDER BY seq');
    this.selectOfState = db.prepare(`
      SELECT r.* FROM responsibilities r JOIN institutions i ON i.id = r.institution_id
      WHERE i.state = ? ORDER BY r.recommendation_id, r.seq
    `);
    this.selectOfInstitution = db.prepare(
      'SELECT * FROM responsibilities WHERE institution_id = ? ORDER BY recommendation_id, seq',
    );
  }

  /** Every period of responsibility for a recommendation, in the order assigned. */
  of(recommendationId: string): ResponsibilityView[] {
    return this.selectOf.all(recommendationId).map(view);
  }

  /** Every period of responsibility of the institutions of a State, withdrawn ones included. */
  ofState(state: string): ResponsibilityView[] {
    return this.selectOfState.all(state).map(view);
  }

  ofInstitution(institutionId: string, day?: string): ResponsibilityView[] {
    return responsibilitiesOn(this.selectOfInstitution.all(institutionId).map(view), day);
  }
}
