import type { Database, Statement } from 'better-sqlite3';

/** A recorded recommendation a translated record is for, with the text already recorded in that language. */
export interface TranslationTarget {
  id: string;
  /** The translation recorded for the language asked, or null when none is. */
  translation: string | null;
}

/**
 * Which recorded recommendations a record of a language export is: the one whose id is the record's (symbol and
 * paragraph), or, for a document concerning several States, each one whose id is that id followed by its State.
 * State names are not needed (a translated export writes them in its own language).
 */
export class TranslationTargetQueries {
  private readonly select: Statement<{ id: string; language: string }, TranslationTarget>;

  constructor(db: Database) {
    // The range on the primary key first ('.' follows '-'), then the State that ends the id.
    this.select = db.prepare(`
      SELECT r.id, t.text AS translation
      FROM recommendations r
      LEFT JOIN recommendation_translations t ON t.recommendation_id = r.id AND t.language = :language
      WHERE r.id = :id
         OR (r.id > :id || '-' AND r.id < :id || '.' AND r.id = :id || '-' || lower(r.state))
      ORDER BY r.id
    `);
  }

  /** The recommendations recorded under this id (or this id and a State), with their translation in `language`. */
  targets(id: string, language: string): TranslationTarget[] {
    return this.select.all({ id, language });
  }
}
