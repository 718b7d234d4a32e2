import { MECHANISMS, type Mechanism } from '../../../domain/vocabulary.js';

/** UHRI body names that are not a mechanism's own code: the committees' older or longer names. */
const BODY_NAMES: Readonly<Record<string, Mechanism>> = {
  HRCTTEE: 'CCPR',
  'HUMAN RIGHTS COMMITTEE': 'CCPR',
  CRMW: 'CMW',
  'OP-CAT': 'SPT',
};

const TREATY_OF_PROTOCOL = /^(CAT|CCPR|CESCR|CEDAW|CERD|CRC|CRPD|CED|CMW)-OP\d*(?:-|$)/;
const SPECIAL_PROCEDURE = /^(SR|WG|IE|SRSG|SE|SPECIAL RAPPORTEUR|WORKING GROUP|INDEPENDENT EXPERT)\b/;

/**
 * The mechanism of a UHRI recommending body: its own code, an optional protocol's committee (`CRC-OP-AC` → CRC),
 * or `SP` for a special procedure (`SR …`, `WG …`, `IE …`). Undefined when unknown.
 */
export function mechanismOf(body: string): Mechanism | undefined {
  const name = body.trim().toUpperCase().replace(/\s+/g, ' ');
  if ((MECHANISMS as readonly string[]).includes(name)) return name as Mechanism;
  const named = BODY_NAMES[name];
  if (named) return named;
  const protocol = TREATY_OF_PROTOCOL.exec(name);
  if (protocol) return protocol[1] as Mechanism;
  if (SPECIAL_PROCEDURE.test(name)) return 'SP';
  return undefined;
}
