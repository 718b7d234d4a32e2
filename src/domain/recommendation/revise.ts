/** A newer export of a recommendation's source: only what differs from what is recorded becomes an event. */
import { RuleViolation } from '../errors.js';
import type { IssueRecommendation, RespondToRecommendation, ReviseFromSource } from './commands.js';
import type { RecommendationEvent } from './events.js';

/** What a recommendation's source last said of it, as recorded. */
export interface SourceFacts {
  text: string;
  themes: string[];
  sdgs: string[];
  affectedPersons: string[];
  recommendingStates: string[];
  unmappedRecommendingStates: string[];
}

const unique = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])];
const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/**
 * What a source that issues a recommendation says of it once it is recorded: its text, the lists it gives, and the
 * position it gives, if any.
 */
export function sourceRevision(issue: IssueRecommendation, response?: RespondToRecommendation): ReviseFromSource {
  const { text, themes, sdgs, affectedPersons, recommendingStates, unmappedRecommendingStates } = issue;
  return {
    text,
    ...(themes && { themes }),
    ...(sdgs && { sdgs }),
    ...(affectedPersons && { affectedPersons }),
    ...(recommendingStates && { recommendingStates }),
    ...(unmappedRecommendingStates && { unmappedRecommendingStates }),
    ...(response && { response }),
  };
}

/**
 * The events a newer source causes: its text, if changed; its classification, if any list changed (a list left out
 * is unchanged); recommending States it names that were not named before (never removed: an earlier listing stands).
 */
export function revise(
  id: string,
  mechanism: string,
  recorded: SourceFacts,
  source: ReviseFromSource,
): RecommendationEvent[] {
  const events: RecommendationEvent[] = [];
  if (source.text !== recorded.text) {
    events.push({ type: 'RecommendationTextChanged', data: { recommendationId: id, text: source.text } });
  }
  const themes = source.themes ? unique(source.themes) : recorded.themes;
  const sdgs = source.sdgs ? unique(source.sdgs) : recorded.sdgs;
  const affectedPersons = source.affectedPersons ? unique(source.affectedPersons) : recorded.affectedPersons;
  if (
    !same(themes, recorded.themes) ||
    !same(sdgs, recorded.sdgs) ||
    !same(affectedPersons, recorded.affectedPersons)
  ) {
    events.push({ type: 'RecommendationReclassified', data: { recommendationId: id, themes, sdgs, affectedPersons } });
  }
  const states = unique(source.recommendingStates).filter((state) => !recorded.recommendingStates.includes(state));
  const unmapped = unique(source.unmappedRecommendingStates).filter(
    (name) => !recorded.unmappedRecommendingStates.includes(name),
  );
  if (states.length > 0 || unmapped.length > 0) {
    if (mechanism !== 'UPR') {
      throw new RuleViolation(`recommending States are for UPR recommendations only, not for ${mechanism}`);
    }
    events.push({
      type: 'RecommendingStatesAdded',
      data: { recommendationId: id, states, ...(unmapped.length > 0 ? { unmapped } : {}) },
    });
  }
  return events;
}

/** The source facts once these events are applied. */
export function withSourceEvent(recorded: SourceFacts, event: RecommendationEvent): SourceFacts {
  switch (event.type) {
    case 'RecommendationTextChanged':
      return { ...recorded, text: event.data.text };
    case 'RecommendationReclassified': {
      const { themes, sdgs, affectedPersons } = event.data;
      return { ...recorded, themes, sdgs, affectedPersons };
    }
    case 'RecommendingStatesAdded':
      return {
        ...recorded,
        recommendingStates: [...recorded.recommendingStates, ...event.data.states],
        unmappedRecommendingStates: [...recorded.unmappedRecommendingStates, ...(event.data.unmapped ?? [])],
      };
    default:
      return recorded;
  }
}
