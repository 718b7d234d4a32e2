import { z } from 'zod';
import { RuleViolation } from '../errors.js';
import type { Mechanism } from '../vocabulary.js';

/**
 * A body's designation of a recommendation as one to act on first (docs/domain-rules.md, "Urgent measures and
 * priorities"): `urgent_measures`, the areas where the CRC says "urgent measures must be taken"; `priority`, any other
 * body's designation of a recommendation as a priority.
 */
export const PRIORITY_DESIGNATIONS = ['urgent_measures', 'priority'] as const;
export type PriorityDesignation = (typeof PRIORITY_DESIGNATIONS)[number];
export const PriorityDesignation = z.enum(PRIORITY_DESIGNATIONS);

/** The bodies that name urgent measures in their concluding observations. */
const URGENT_MEASURES_BY: readonly Mechanism[] = ['CRC'];

/** Refuses a designation the body does not give: urgent measures are the CRC's. */
export function checkPriority(mechanism: Mechanism, designation: PriorityDesignation): void {
  if (designation === 'urgent_measures' && !URGENT_MEASURES_BY.includes(mechanism)) {
    throw new RuleViolation(
      `urgent measures are designated by the CRC, not by the ${mechanism}: a priority is designated with priority`,
    );
  }
}
