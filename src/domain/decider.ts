import type { z } from 'zod';

/**
 * A decider: the whole logic of one aggregate as three pure functions.
 * `decide` answers a command with the events it causes, or throws a FollowupError.
 */
export interface Decider<Command, Event, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

/** Folds events into the state a decider decides on. */
export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * The events an aggregate records, derived from its map of event schemas (`{ ReportSubmitted, … }`): a discriminated
 * union of each type with the data its schema gives.
 */
export type EventsOf<Schemas extends Record<string, z.ZodType>> = {
  [Type in keyof Schemas & string]: { type: Type; data: z.infer<Schemas[Type]> };
}[keyof Schemas & string];
