/** The column names of OHCHR's UHRI search export, verbatim (OHCHR's spelling, typos kept). */
export const UHRI_COLUMNS = {
  text: 'Text',
  countries: 'Countries Concerned',
  body: 'Reccomending Body',
  symbol: 'Document Symbol',
  themes: 'Themes',
  affectedPersons: 'Affected Persons',
  sdgs: 'Sdgs',
  publishedOn: 'Document Publication Date',
  recommendingStates: 'UPR Reccomending States',
  uprPosition: 'UPR Position',
  type: 'Type',
  annotationId: 'OHCHR Annotation Id',
  uprSession: 'UPR Session',
  regions: 'Regions Concerned',
  recommendingRegions: 'Recommending Regions',
  publishedOnUhri: 'Date of publication on UHRI',
} as const;

/** Columns without which no row can be imported. */
export const REQUIRED_COLUMNS = [
  UHRI_COLUMNS.text,
  UHRI_COLUMNS.countries,
  UHRI_COLUMNS.body,
  UHRI_COLUMNS.symbol,
  UHRI_COLUMNS.publishedOn,
] as const;

/** The fields of a record of the UHRI's full export (`export-full-en.json`), verbatim. */
export const UHRI_FIELDS = {
  annotationId: 'AnnotationId',
  type: 'AnnotationType',
  body: 'Body',
  countries: 'Countries',
  documentId: 'DocumentId',
  publishedOn: 'PublicationDate',
  publishedOnUhri: 'PublicationDateOnUhri',
  regions: 'Regions',
  symbol: 'Symbol',
  sdgs: 'Sdgs',
  text: 'Text',
  themes: 'Themes',
  affectedPersons: 'AffectedPersons',
  uprCycle: 'UprCycle',
  uprPositions: 'UprPositions',
  recommendingStates: 'UprRecommendingCountry',
  recommendingRegions: 'UprRecommendingRegions',
  uprSession: 'UprSession',
} as const;
