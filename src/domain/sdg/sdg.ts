import { z } from 'zod';
import { SDG_GOALS, SDG_TARGETS } from './targets.js';

/** The code of one of the 169 SDG targets, such as `16.3` or `16.a`. */
export type SdgTarget = string;

/** Every SDG target code, in the order of the goals. */
export const SDG_TARGET_CODES: readonly SdgTarget[] = Object.keys(SDG_TARGETS);

/** The short title of a target, or undefined for a code that is not one. */
export function sdgTargetTitle(code: string): string | undefined {
  return Object.hasOwn(SDG_TARGETS, code) ? SDG_TARGETS[code] : undefined;
}

/** The name of a goal (1–17). */
export const sdgGoalName = (goal: number): string | undefined => SDG_GOALS[goal];

// A target code at the start: "16.3", "16.a", "16.A", after an optional "- ", "Target " or "SDG ".
const LEADING_CODE = /^(?:-\s*)?(?:(?:sdg\s*)?target\s+|sdg\s+)?(\d{1,2})\.(\d{1,2}|[a-d])(?![\d.])/i;
const titles = new Map(Object.entries(SDG_TARGETS).map(([code, title]) => [title.toLowerCase(), code]));

/**
 * The SDG target a text names, or undefined: a code (`16.3`), a code with a title as the UN's exports write it
 * (`16.2 - Protect children from abuse…`, `- 16.3 - Promote the rule of law`), or exactly a target's short title.
 * Importers map the labels of their sources onto the vocabulary with it.
 */
export function sdgTargetOf(text: string): SdgTarget | undefined {
  const trimmed = text.trim();
  const match = LEADING_CODE.exec(trimmed);
  if (match) {
    const code = `${Number(match[1])}.${/\d/.test(match[2]!) ? Number(match[2]) : match[2]!.toLowerCase()}`;
    return Object.hasOwn(SDG_TARGETS, code) ? code : undefined;
  }
  return titles.get(trimmed.toLowerCase());
}

/** The distinct targets some texts name, in the order first named; texts naming none are left out. */
export function sdgTargetsOf(texts: readonly string[]): SdgTarget[] {
  const codes = texts.map(sdgTargetOf).filter((code): code is SdgTarget => code !== undefined);
  return [...new Set(codes)];
}

/** An SDG target as a request names it: its code (`16.3`), or its code and title as the UN's exports write it. */
export const SdgTargetRef = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((text) => sdgTargetOf(text) !== undefined, 'must be one of the 169 SDG targets, like 16.3 or 16.a');
