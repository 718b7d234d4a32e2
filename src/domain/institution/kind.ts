import { z } from 'zod';

/** What kind of body an institution is; the national human-rights institution may also be the preventive mechanism. */
export const INSTITUTION_KINDS = [
  'ministry',
  'prosecution',
  'judiciary',
  'law_enforcement',
  'parliament',
  'nhri',
  'government_agency',
  'local_authority',
  'civil_society',
  'other',
] as const;
export const InstitutionKind = z.enum(INSTITUTION_KINDS);
export type InstitutionKind = z.infer<typeof InstitutionKind>;
