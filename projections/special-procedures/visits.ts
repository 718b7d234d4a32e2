/** Read model of country visits: a mandate's visit to a State, its report and the recommendations issued from it. */
import { type Projection, projection } from '../projection.js';
import { revisionGuarded } from '../revision-guard.js';
import type { VisitView } from './schemas.js';

export type { VisitView };

export interface VisitFilter {
  state?: string;
  mandate?: string;
  limit: number;
  cursor?: string;
}

export interface VisitRow {
  id: string;
  mandate: string;
  state: string;
  started_on: string;
  ended_on: string;
  report_symbol: string | null;
  report_published_on: string | null;
  report_position: string | null;
  position: string;
  revision: number;
}

export const visitsProjection: Projection = projection({
  name: 'visits',
  byStream: true,
  handles: ['CountryVisitRecorded', 'VisitReportPublished', 'RecommendationIssued'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS visits (
        id TEXT PRIMARY KEY,
        mandate TEXT NOT NULL,
        state TEXT NOT NULL,
        started_on TEXT NOT NULL,
        ended_on TEXT NOT NULL,
        report_symbol TEXT,
        report_published_on TEXT,
        report_position TEXT,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS visits_by_state ON visits (state, started_on);
      CREATE INDEX IF NOT EXISTS visits_by_mandate ON visits (mandate, started_on);
      CREATE TABLE IF NOT EXISTS visit_recommendations (
        visit_id TEXT NOT NULL,
        recommendation_id TEXT NOT NULL,
        paragraph TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        position TEXT NOT NULL,
        PRIMARY KEY (visit_id, recommendation_id)
      ) WITHOUT ROWID;
    `);
  },
  bind(db) {
    const record = db.prepare(`
      INSERT OR IGNORE INTO visits (id, mandate, state, started_on, ended_on, position, revision)
      VALUES (:id, :mandate, :state, :startedOn, :endedOn, :position, :revision)
    `);
    const publish = revisionGuarded(
      db,
      'visits',
      'report_symbol = :symbol, report_published_on = :publishedOn, report_position = :position',
    );
    const link = db.prepare(`
      INSERT OR IGNORE INTO visit_recommendations (visit_id, recommendation_id, paragraph, issued_on, position)
      VALUES (:visitId, :recommendationId, :paragraph, :issuedOn, :position)
    `);
    return (event) => {
      const { position, revision } = event;
      if (event.type === 'CountryVisitRecorded') {
        const { visitId: id, ...d } = event.data;
        record.run({ id, ...d, position, revision });
      } else if (event.type === 'VisitReportPublished') {
        const d = event.data;
        publish.run({ id: d.visitId, symbol: d.symbol, publishedOn: d.publishedOn, position, revision });
      } else if (event.data.visitId !== undefined) {
        const d = event.data;
        link.run({
          visitId: d.visitId,
          recommendationId: d.recommendationId,
          paragraph: d.paragraph,
          issuedOn: d.issuedOn,
          position,
        });
      }
    };
  },
});
