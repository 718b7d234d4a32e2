/** How a rebuild splits the log between workers, each building its own scratch database. */
import { join } from 'node:path';
import { type Projection, positionProjection } from '../../../projections/index.js';

export interface PlannedJob {
  file: string;
  projections: readonly Projection[];
  /** An SQL condition on `events`; undefined: every event. */
  where?: string;
}

/**
 * Read models kept by stream are split `partitions` ways by their stream's name (its last character, spread evenly
 * by the generated ids); the others go together in one more job reading only the events they use. With one
 * partition, a single job builds everything.
 */
export function planRebuild(projections: readonly Projection[], partitions: number, dir: string): PlannedJob[] {
  const file = (name: string) => join(dir, `${name}.db`);
  if (partitions <= 1) return [{ file: file('read-models'), projections }];
  const byStream = projections.filter((projection) => projection.byStream);
  const together = projections.filter((projection) => !projection.byStream);
  const jobs: PlannedJob[] = [];
  if (byStream.length > 0) {
    for (let part = 0; part < partitions; part++) {
      const where = `unicode(substr(stream, -1)) % ${partitions} = ${part}`;
      jobs.push({ file: file(`by-stream-${part}`), projections: byStream, where });
    }
  }
  if (together.length > 0) {
    const where = eventsUsedBy(together.filter((projection) => projection !== positionProjection));
    jobs.push({ file: file('together'), projections: together, ...(where !== undefined && { where }) });
  }
  return jobs;
}

/** The events some read models use, as one SQL condition; undefined when one of them needs every event. */
function eventsUsedBy(projections: readonly Projection[]): string | undefined {
  const conditions: string[] = [];
  const types = new Set<string>();
  for (const projection of projections) {
    if (projection.eventsUsed) conditions.push(`(${projection.eventsUsed})`);
    else if (projection.handles.includes('*')) return undefined;
    else for (const type of projection.handles) types.add(type);
  }
  if (types.size > 0)
    conditions.push(`type IN (${[...types].map((type) => `'${type.replaceAll("'", "''")}'`).join(', ')})`);
  return conditions.length > 0 ? conditions.join(' OR ') : '0';
}
