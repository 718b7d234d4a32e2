/**
 * The natural order of recommendations: by document, then by paragraph as a reader counts them (8, 9, 10, 12(a),
 * 12(b), 13), not as text sorts them (10, 12(a), 8, 9). UPR paragraphs count the same way (128.9 before 128.45).
 */

/** Each run of digits padded to one width, so that comparing the texts compares the numbers. */
function naturalText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(NUMBER_WIDTH, '0'));
}
const NUMBER_WIDTH = 10;

/**
 * A key whose text order is the natural order of recommendations: the document's symbol, its paragraph, then the id
 * (unique, so two recommendations never share a key). The separator sorts below every character of a symbol, so
 * CAT/C/KAZ/CO/4 comes before CAT/C/KAZ/CO/4/Add.1.
 */
export function recommendationOrder(symbol: string, paragraph: string, id: string): string {
  return [naturalText(symbol), naturalText(paragraph), id].join(SEPARATOR);
}
const SEPARATOR = '\u0001';
