import type { Database } from 'better-sqlite3';
import { mandateById } from '../../src/domain/mandates.js';
import type { Projected } from '../projection.js';
import { facetTokens } from './facet-tokens.js';
import { MEASURE_ID_SHIFT } from './tables.js';

/** The events this read model handles, as it receives them. */
export type SearchFact = Projected<
  'RecommendationIssued' | 'RecommendationTextChanged' | 'RecommendationReclassified' | 'MeasureImplemented'
>;

/** Words of a list, one entry a line. */
const lines = (values: readonly string[]): string => values.join('\n');

/** Prepares the statements once and returns the reducer applying one event to the searched words. */
export function bindSearch(db: Database): (event: SearchFact) => void {
  const { apply, forget } = bindRows(db);
  // Nothing is kept from one event to the next: its transaction may fail, or another connection write meanwhile.
  return (event) => {
    try {
      apply(event);
    } finally {
      forget();
    }
  };
}

/**
 * The reducer applying a page of events (a rebuild, in one transaction): a measure following its recommendation's
 * issue in the page takes the document's id from it instead of looking it up.
 */
export function bindSearchPages(db: Database): (events: readonly SearchFact[]) => void {
  const { apply, forget } = bindRows(db);
  return (events) => {
    try {
      for (const event of events) apply(event);
    } finally {
      forget();
    }
  };
}

function bindRows(db: Database): { apply: (event: SearchFact) => void; forget: () => void } {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO search_documents
      (doc, recommendation_id, text, measures, mandates, themes, revision, state, mechanism, year, facets)
    VALUES (:doc, :id, :text, '', :mandates, :themes, :revision, :state, :mechanism, :year, :facets)
  `);
  const stored = db.prepare<[string], { revision: number; state: string; mechanism: string; year: string }>(
    'SELECT revision, state, mechanism, year FROM search_documents WHERE recommendation_id = ?',
  );
  const changeText = db.prepare(
    'UPDATE search_documents SET text = :text, revision = :revision WHERE recommendation_id = :id',
  );
  const reclassify = db.prepare(
    'UPDATE search_documents SET themes = :themes, facets = :facets, revision = :revision WHERE recommendation_id = :id',
  );
  // A row of its own (its index's trigger adds its words alone), once: its id names the event that recorded it.
  const addMeasure = db.prepare(`
    INSERT OR IGNORE INTO search_measures (id, measures)
    SELECT (doc << ${MEASURE_ID_SHIFT}) + :revision, :title FROM search_documents WHERE recommendation_id = :id
  `);
  const addMeasureTo = db.prepare(`
    INSERT OR IGNORE INTO search_measures (id, measures) VALUES ((:doc << ${MEASURE_ID_SHIFT}) + :revision, :title)
  `);
  /** The document last inserted in this transaction: its rows are never deleted nor their ids changed. */
  let inserted: { id: string; doc: bigint } | undefined;
  const forget = () => {
    inserted = undefined;
  };

  const apply = (event: SearchFact) => {
    const id = event.data.recommendationId;
    const revision = event.revision;
    if (event.type === 'RecommendationIssued') {
      const { data } = event;
      const mandates = (data.mandates ?? []).map((mandate) => mandateById(mandate)?.title ?? mandate);
      const doc = BigInt(event.position);
      const { changes } = insert.run({
        doc,
        id,
        text: data.text,
        mandates: lines(mandates),
        themes: lines(data.themes),
        revision,
        state: data.state,
        mechanism: data.mechanism,
        year: data.issuedOn.slice(0, 4),
        facets: facetTokens({ ...data, themes: data.themes }),
      });
      inserted = changes > 0 ? { id, doc } : undefined;
      return;
    }
    if (event.type === 'MeasureImplemented') {
      if (inserted?.id === id) addMeasureTo.run({ doc: inserted.doc, title: event.data.title, revision });
      else addMeasure.run({ id, title: event.data.title, revision });
      return;
    }
    // An event already applied (or one for a recommendation never issued) changes nothing.
    const row = stored.get(id);
    if (!row || row.revision >= revision) return;
    switch (event.type) {
      case 'RecommendationTextChanged':
        changeText.run({ id, text: event.data.text, revision });
        return;
      case 'RecommendationReclassified':
        reclassify.run({
          id,
          themes: lines(event.data.themes),
          facets: facetTokens({ ...row, issuedOn: row.year, themes: event.data.themes }),
          revision,
        });
        return;
    }
  };
  return { apply, forget };
}
