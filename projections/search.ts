import { type Projection, projection } from './projection.js';
import { bindSearch, bindSearchPages } from './search/apply.js';
import { migrateSearch, reindexSearch } from './search/tables.js';

export {
  type Facet,
  SEARCH_BOUNDS,
  type SearchBounds,
  type SearchFacets,
  type SearchFilter,
  type SearchHit,
  type SearchPage,
  SearchQueries,
} from './search/queries.js';

/** The words readers search, with their full-text index (`GET /v1/recommendations?q=`). */
export const searchProjection: Projection = projection({
  name: 'search',
  byStream: true,
  // 2: the facet fields (State, mechanism, year) and the index's facets column. 3: measures' titles in rows of their own.
  // 4: their index without sizes.
  version: 4,
  handles: ['RecommendationIssued', 'RecommendationTextChanged', 'RecommendationReclassified', 'MeasureImplemented'],
  migrate: migrateSearch,
  bind: bindSearch,
  bindPage: bindSearchPages,
  reindex: reindexSearch,
});
