/**
 * JSON a read model wrote and reads back. A column declared `StoredJson<T>` holds the text of a `T`: the projections
 * write it with JSON.stringify (or SQLite's json functions) from values of that type, and nothing else writes the
 * read model, which is rebuilt from the log whenever its shape changes. So it is read back as a `T` without being
 * validated again (that would cost every read of every list page); this is the one place that takes it on trust.
 */
declare const stored: unique symbol;

/** The text of a JSON value of type T, as a read-model column holds it. */
export type StoredJson<T> = string & { readonly [stored]: T };

/** The value a stored JSON column holds. */
export const fromStoredJson = <T>(text: StoredJson<T>): T => JSON.parse(text) as T;
