/** The column names of OHCHR's UHRI export, verbatim (OHCHR's spelling, typos kept). */
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
