import type { Database } from 'better-sqlite3';
import { type Membership, membersOn } from '../../src/domain/cluster/decider.js';
import { type Projection, projection } from '../projection.js';
import { revisionGuarded } from '../revision-guard.js';
import { RecordsWithChildren } from '../with-children.js';

/** A cluster as recorded: its members over time, each period with the position of the event that began it. */
export interface ClusterRecord {
  id: string;
  state: string;
  title: string;
  theme?: string;
  formedOn: string;
  members: (Membership & { position: string })[];
  position: string;
  revision: number;
}

interface ClusterRow {
  id: string;
  state: string;
  title: string;
  theme: string | null;
  formed_on: string;
  position: string;
  revision: number;
}

interface MemberRow {
  cluster_id: string;
  recommendation_id: string;
  added_on: string;
  removed_on: string | null;
  position: string;
}

/** Clusters of recommendations and who sat in them when. */
export const clustersProjection: Projection = projection({
  name: 'clusters',
  byStream: true,
  handles: ['ClusterFormed', 'RecommendationsClustered', 'RecommendationUnclustered'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS clusters (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        title TEXT NOT NULL,
        theme TEXT,
        formed_on TEXT NOT NULL,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS clusters_by_state ON clusters (state, title);
      CREATE TABLE IF NOT EXISTS cluster_members (
        cluster_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        recommendation_id TEXT NOT NULL,
        added_on TEXT NOT NULL,
        removed_on TEXT,
        position TEXT NOT NULL,
        PRIMARY KEY (cluster_id, seq, ord)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS cluster_members_by_recommendation ON cluster_members (recommendation_id);
    `);
  },
  bind(db) {
    const form = db.prepare(`
      INSERT OR IGNORE INTO clusters (id, state, title, theme, formed_on, position, revision)
      VALUES (:id, :state, :title, :theme, :formedOn, :position, :revision)
    `);
    const join = db.prepare(`
      INSERT OR IGNORE INTO cluster_members (cluster_id, seq, ord, recommendation_id, added_on, position)
      VALUES (?, ?, ?, ?, ?, ?)
    `);
    const leave = db.prepare(`
      UPDATE cluster_members SET removed_on = :on
      WHERE cluster_id = :clusterId AND recommendation_id = :recommendationId AND removed_on IS NULL AND seq < :seq
    `);
    const touch = revisionGuarded(db, 'clusters');
    return (event) => {
      const { revision, position } = event;
      switch (event.type) {
        case 'ClusterFormed': {
          const { clusterId: id, state, title, theme, formedOn, recommendationIds } = event.data;
          if (form.run({ id, state, title, theme: theme ?? null, formedOn, position, revision }).changes === 0) return;
          for (const [ord, rid] of recommendationIds.entries()) join.run(id, revision, ord, rid, formedOn, position);
          return;
        }
        case 'RecommendationsClustered': {
          const { clusterId, recommendationIds, on } = event.data;
          if (touch.run({ id: clusterId, revision }).changes === 0) return;
          for (const [ord, rid] of recommendationIds.entries()) join.run(clusterId, revision, ord, rid, on, position);
          return;
        }
        case 'RecommendationUnclustered': {
          const { clusterId, recommendationId, on } = event.data;
          if (touch.run({ id: clusterId, revision }).changes === 0) return;
          leave.run({ clusterId, recommendationId, on, seq: revision });
          return;
        }
      }
    };
  },
});

/** A cluster with its membership periods, in the order they began; a State's by title. */
export class ClusterQueries extends RecordsWithChildren<ClusterRow, 'cluster_id', MemberRow, ClusterRecord> {
  constructor(db: Database) {
    super(db, record, {
      table: 'clusters',
      order: 'title, id',
      children: 'cluster_members',
      parentId: 'cluster_id',
      childOrder: ['seq', 'ord'],
    });
  }
}

function record(row: ClusterRow, members: readonly MemberRow[]): ClusterRecord {
  return {
    id: row.id,
    state: row.state,
    title: row.title,
    ...(row.theme !== null && { theme: row.theme }),
    formedOn: row.formed_on,
    members: members.map((m) => ({
      recommendationId: m.recommendation_id,
      addedOn: m.added_on,
      ...(m.removed_on !== null && { removedOn: m.removed_on }),
      position: m.position,
    })),
    position: row.position,
    revision: row.revision,
  };
}

/** The recommendations in a cluster on a day (now without one), in the order they joined. */
export const clusterMembersOn = (cluster: ClusterRecord, day?: string): string[] =>
  day !== undefined && day < cluster.formedOn ? [] : membersOn(cluster.members, day);
