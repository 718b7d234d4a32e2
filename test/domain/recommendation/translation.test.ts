/** Translations of a recommendation's text: kept per language beside the original, never in its place. */
import t from 'tap';
import { LifecycleConflict, NotFound } from '../../../src/domain/errors.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../../src/domain/recommendation/events.js';
import { servedLanguage } from '../../../src/domain/recommendation/translation.js';
import { given, stateAfter } from '../given.js';
import { RECOMMENDATION_ID, recommendationIssued } from '../kazakhstan.js';

const FRENCH = 'Définir la torture conformément à l’article premier de la Convention.';
const translateTo = (language: 'en' | 'fr' | 'es', text: string) => ({
  type: 'TranslateRecommendationText' as const,
  data: { language, text },
});
const translated = (language: 'fr' | 'es', text: string): RecommendationEvent => ({
  type: 'RecommendationTextTranslated',
  data: { recommendationId: RECOMMENDATION_ID, language, text },
});

t.test(
  'a translation is recorded beside the original',
  given(recommendationDecider, recommendationIssued).when(translateTo('fr', FRENCH)).then(translated('fr', FRENCH)),
);

t.test(
  'the same translation again changes nothing',
  given(recommendationDecider, recommendationIssued, translated('fr', FRENCH)).when(translateTo('fr', FRENCH)).then(),
);

t.test(
  'a new text for a language replaces the one before',
  given(recommendationDecider, recommendationIssued, translated('fr', FRENCH))
    .when(translateTo('fr', `${FRENCH} Révisé.`))
    .then(translated('fr', `${FRENCH} Révisé.`)),
);

t.test(
  'the original is not translated into its own language',
  given(recommendationDecider, recommendationIssued)
    .when(translateTo('en', 'Define torture'))
    .thenThrows(LifecycleConflict, /already in en \(its original\)/),
);

t.test(
  'a recommendation never issued takes no translation',
  given(recommendationDecider)
    .when(translateTo('es', 'Definir la tortura'))
    .thenThrows(NotFound, /does not exist/),
);

t.test('the original stays; a changed original drops the translations of the text before it', async (t) => {
  const after = stateAfter(
    recommendationDecider,
    recommendationIssued,
    translated('fr', FRENCH),
    translated('es', 'Definir'),
  );
  t.ok(after.exists);
  if (!after.exists) return;
  t.equal(after.source.text, recommendationIssued.data.text);
  t.strictSame(after.translations, { fr: FRENCH, es: 'Definir' });
  const changed = stateAfter(recommendationDecider, recommendationIssued, translated('fr', FRENCH), {
    type: 'RecommendationTextChanged',
    data: { recommendationId: RECOMMENDATION_ID, text: 'Define torture anew' },
  });
  t.strictSame(changed.exists && changed.translations, {});
});

t.test('the language served: the first preferred one with a text, else the original', async (t) => {
  t.equal(servedLanguage(['fr'], ['fr-CA', 'en']), 'fr', 'a regional tag asks for its language');
  t.equal(servedLanguage(['fr'], ['es', 'fr']), 'fr', 'one not translated is passed over');
  t.equal(servedLanguage(['fr', 'es'], ['en', 'fr']), 'en', 'the original is always available');
  t.equal(servedLanguage([], ['es', 'de', '*']), 'en', 'nothing available: the original');
  t.equal(servedLanguage(['es'], []), 'en', 'nothing asked: the original');
});
