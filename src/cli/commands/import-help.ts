/** What `followup import uhri` says of itself, loaded with the command line (the import's own modules are not). */
import { REQUIRED_COLUMNS, UHRI_COLUMNS, UHRI_FIELDS } from '../../app/import/uhri/columns.js';

/** The exit code of an import that recorded what it could but rejected some records. */
export const REJECTED_EXIT = 2;

/** `import uhri --help`: the forms it reads and the columns it uses, and where the full description is. */
export const IMPORT_UHRI_HELP = `
Forms (told apart by their first bytes, whatever the file is called):
  full export (JSON)    export-full-en.json (also -fr, -es): an array of records
  search export (XLSX)  the Excel file of a UHRI search
  search export (CSV)   the same as CSV, UTF-8, with or without a byte-order mark

Columns of the search export (OHCHR's spelling):
  required  ${REQUIRED_COLUMNS.join(', ')}
  kept      ${[UHRI_COLUMNS.themes, UHRI_COLUMNS.affectedPersons, UHRI_COLUMNS.sdgs, UHRI_COLUMNS.type].join(', ')}
  UPR       ${[UHRI_COLUMNS.recommendingStates, UHRI_COLUMNS.uprPosition, UHRI_COLUMNS.uprSession].join(', ')}
Fields of the full export:
  required  ${[UHRI_FIELDS.text, UHRI_FIELDS.countries, UHRI_FIELDS.body, UHRI_FIELDS.symbol, UHRI_FIELDS.publishedOn].join(', ')}
  kept      ${[UHRI_FIELDS.themes, UHRI_FIELDS.sdgs, UHRI_FIELDS.affectedPersons, UHRI_FIELDS.type].join(', ')}
  UPR       ${[UHRI_FIELDS.recommendingStates, UHRI_FIELDS.uprPositions, UHRI_FIELDS.uprSession, UHRI_FIELDS.uprCycle].join(', ')}

Every record is recorded, skipped (not a recommendation) or rejected (its row and why). With rejections the
command exits ${REJECTED_EXIT} after recording the others; --allow-rejected makes that 0.
A second run records only what changed. Recipes and a real record of each form: docs/analysis.md,
"Load the Universal Human Rights Index".

Translations: with --lang fr or --lang es, the file is the index's French or Spanish export (export-full-fr.json,
export-full-es.json, or a search export in that language with the same columns). Each record is matched to the
recommendation the English import recorded (same document symbol and paragraph) and its text recorded as that
recommendation's translation; records with no recommendation recorded are counted as unmatched. A second run
records nothing that is unchanged. See docs/analysis.md, "Translations from the French and Spanish exports".
`;
