import { z } from 'zod';
import type { Decider, EventsOf } from '../decider.js';
import { LifecycleConflict } from '../errors.js';
import { plannedId } from '../identity.js';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';
import { StateCode } from '../vocabulary.js';
import { InstitutionKind } from './kind.js';

export { INSTITUTION_KINDS, InstitutionKind } from './kind.js';

/** Body of POST /v1/institutions. */
export const RegisterInstitution = z.strictObject({
  state: StateInput,
  name: userText().min(1).max(300).describe("the institution's name, e.g. Prosecutor-General's Office"),
  kind: InstitutionKind.optional(),
});
export type RegisterInstitution = z.infer<typeof RegisterInstitution>;

export const InstitutionRegistered = z.strictObject({
  institutionId: z.string(),
  state: StateCode,
  name: z.string().min(1).max(300),
  kind: InstitutionKind.optional(),
});

export type InstitutionEvent = EventsOf<typeof institutionEventSchemas>;
export const institutionEventSchemas = { InstitutionRegistered } as const;

export type InstitutionCommand = { type: 'RegisterInstitution'; data: RegisterInstitution };

/** What other aggregates' rules need of an institution: that it exists, and the State it belongs to. */
export type InstitutionState =
  | { exists: false }
  | { exists: true; id: string; state: string; name: string; kind?: InstitutionKind };

/** An institution's id: its State and a slug of its name (`kaz-prosecutor-general-s-office`). */
export const institutionIdOf = (data: Pick<RegisterInstitution, 'state' | 'name'>): string =>
  plannedId(data.state, data.name);

/** An institution of a State that takes responsibility for recommendations and carries out actions. */
export const institutionDecider: Decider<InstitutionCommand, InstitutionEvent, InstitutionState> = {
  initialState: () => ({ exists: false }),
  evolve: (_state, event) => {
    const { institutionId: id, state, name, kind } = event.data;
    return { exists: true, id, state, name, ...(kind ? { kind } : {}) };
  },
  decide(command, state) {
    const id = institutionIdOf(command.data);
    if (state.exists) throw new LifecycleConflict(`institution ${id} is already registered (${state.name})`);
    const { state: code, name, kind } = command.data;
    return [
      { type: 'InstitutionRegistered', data: { institutionId: id, state: code, name, ...(kind ? { kind } : {}) } },
    ];
  },
};
