/** Which paragraph a UHRI record is: the number its text starts with, else its annotation id, else its text. */
import { createHash } from 'node:crypto';
import type { SplitText } from './cells.js';

const PARAGRAPH_MAX = 40;

/**
 * The paragraph that, with the document's symbol, identifies the recommendation:
 * - the number the text starts with (`49`, `147.1`, `12(a)`);
 * - else the record's annotation id, with the item mark it starts with (`…-1529e0ab678f(a)`);
 * - else a digest of the document and the text (`t-3f9a1c0b7e2d4a61`): the same recommendation listed once per
 *   recommending State (UPR Info's rows) is one recommendation, and re-reading the file finds the same one.
 */
export function paragraphOf(split: SplitText, annotationId: string, symbol: string): string {
  if (split.paragraph) return split.paragraph;
  if (annotationId !== '') {
    const marked = `${annotationId}${split.item ?? ''}`;
    return marked.length <= PARAGRAPH_MAX ? marked : annotationId;
  }
  return textKey(symbol, `${split.item ?? ''} ${split.text}`);
}

/** Case, spacing and quotes do not make two recommendations of one text. */
function textKey(symbol: string, text: string): string {
  const canonical = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  const digest = createHash('sha256').update(`${symbol.trim().toUpperCase()}\n${canonical}`).digest('hex');
  return `t-${digest.slice(0, 16)}`;
}
