import { z } from 'zod';

/**
 * Characters that show nothing by themselves: format characters (zero-width space and joiners, bidirectional
 * marks, embeddings, overrides and isolates, the byte-order mark, invisible operators), controls, separators and
 * spaces, combining marks with no base, and the blank fillers (Hangul, braille) that fonts draw as nothing.
 */
const INVISIBLE = /^[\p{Cf}\p{Cc}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800\s]*$/u;

/** Whether a text shows something: empty text is left to the length rules, text of invisible characters only is not. */
export const showsSomething = (text: string): boolean => text === '' || !INVISIBLE.test(text);

/**
 * User text as every command takes it: trimmed, and refused when it is made only of characters that show nothing
 * (a title of one zero-width space, a name of bidirectional controls). Chain .min() and .max() as on any string.
 */
export const userText = () =>
  z
    .string()
    .trim()
    .refine(showsSomething, { message: 'must contain visible characters, not only invisible or formatting ones' });
