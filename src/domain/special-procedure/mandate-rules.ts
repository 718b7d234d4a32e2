import { mandateById } from '../mandates.js';

/** The ids among these that name no mandate of the vocabulary (src/domain/mandates.ts). */
export const unlistedMandates = (ids: readonly string[]): string[] => ids.filter((id) => !mandateById(id));
