import type t from 'tap';
import { type Decider, fold } from '../../src/domain/decider.js';

/** The test object tap hands to a subtest. */
type Test = Parameters<Parameters<typeof t.test>[0]>[0];
type Scenario = (t: Test) => Promise<void>;
type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Given these events, when this command, then these events (or this error): a subtest for `t.test(name, …)`.
 * The decider decides on the state folded from the given events, as the command handler does.
 */
export function given<Command, Event, State>(decider: Decider<Command, Event, State>, ...history: Event[]) {
  return {
    when(command: Command) {
      const decide = () => decider.decide(command, fold(decider, history));
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then reads like the domain; never awaited
        then(...expected: Event[]): Scenario {
          return async (t) => {
            t.strictSame(decide(), expected);
          };
        },
        thenThrows(errorClass: ErrorClass, message: RegExp): Scenario {
          return async (t) => {
            try {
              const events = decide();
              t.fail(`expected ${errorClass.name}, got events ${JSON.stringify(events)}`);
            } catch (error) {
              t.type(error, errorClass);
              t.match((error as Error).message, message);
            }
          };
        },
      };
    },
  };
}

/** The state after these events, to check what `evolve` keeps. */
export function stateAfter<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  ...history: Event[]
): State {
  return fold(decider, history);
}
