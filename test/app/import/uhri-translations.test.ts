/**
 * The index's French and Spanish exports imported as translations of the recommendations the English export
 * recorded (`followup import uhri FILE --lang fr|es`), on the real SQLite store, through the command line's runner.
 */
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Followup } from '../../../src/app/followup.js';
import { importUhriTranslations } from '../../../src/app/import/uhri/import-translations.js';
import { importUhri } from '../../../src/app/import/uhri/import-uhri.js';
import { REJECTED_EXIT } from '../../../src/cli/commands/import-help.js';
import { runImportTranslations } from '../../../src/cli/commands/import-translations.js';
import { captureIo, configFor } from '../../cli/harness.js';
import { tempDir } from './uhri-fixtures.js';
import { FULL_EXPORT, type FullRecord, fullRecord, writeFullExport } from './uhri-full-export.js';

const DAY = '2025-06-01';

/** The French export of the same records: same annotation ids and symbols; texts, types and State names in French. */
const FRENCH: Record<number, FullRecord> = {
  1: { AnnotationType: '- Préoccupations/Observations', Text: "4.Le Comité rappelle à l'État partie…" },
  2: {
    AnnotationType: '- Recommandations',
    Countries: ['Pérou'],
    Text: "18.Le Comité recommande à l'État partie de renforcer ses efforts pour prévenir la violence contre les enfants.",
  },
  3: {
    AnnotationType: '- Recommandations',
    Countries: ['Pérou'],
    Text: '(a) Enquêter sur tous les cas de violence contre des enfants ;',
  },
  4: {
    AnnotationType: '- Recommandations',
    Countries: ['Bolivie (État plurinational de)'],
    Text: '115.12 Ratifier le Protocole facultatif se rapportant à la Convention contre la torture (Türkiye) ;',
    UprPositions: ['Acceptée'],
  },
  5: {
    AnnotationType: '- Recommandations',
    Countries: ['Kosovo*'],
    Text: "95. Le Rapporteur spécial recommande aux autorités d'enquêter sur toutes les allégations de mauvais traitements.",
  },
  6: {
    AnnotationType: '- Recommandations',
    Countries: ['Bélarus', 'Lituanie'],
    Text: '102. Libérer toutes les personnes détenues pour avoir exercé leurs droits.',
  },
  7: {
    AnnotationType: '- Recommandations',
    Countries: ['Union européenne'],
    Text: "49. Le Comité recommande à l'Union européenne de prendre des mesures en matière d'accessibilité.",
  },
  8: {
    AnnotationType: '- Recommandations',
    Countries: ['État de Palestine*'],
    Text: "12 (a) Ériger en infraction le recrutement d'enfants.",
  },
  9: { AnnotationType: '- Aspects positifs', Text: '3. Le Comité se félicite…' },
};

const SPANISH: Record<number, FullRecord> = {
  2: {
    AnnotationType: '- Recomendaciones',
    Countries: ['Perú'],
    Text: '18.El Comité recomienda al Estado parte que intensifique sus esfuerzos para prevenir la violencia contra los niños.',
  },
  6: {
    AnnotationType: '- Recomendaciones',
    Countries: ['Belarús', 'Lituania'],
    Text: '102. Liberar a todas las personas detenidas por ejercer sus derechos.',
  },
};

const numbered = (record: FullRecord): number => Number(String(record.AnnotationId).slice(-12));

function translated(language: Record<number, FullRecord>): FullRecord[] {
  return FULL_EXPORT.map(({ record }) => record)
    .filter((record) => numbered(record) in language)
    .map((record) => ({ ...record, ...language[numbered(record)] }));
}

async function englishImported(t: Test): Promise<{ dir: string; followup: Followup }> {
  const dir = tempDir(t);
  const english = join(dir, 'export-full-en.json');
  writeFullExport(
    english,
    FULL_EXPORT.map(({ record }) => record),
  );
  const followup = Followup.open({ dataDir: dir });
  t.teardown(() => followup.close());
  const summary = await importUhri(followup, english);
  t.equal(summary.rejected.length, 0, 'the English export recorded whole');
  return { dir, followup };
}

async function eventTypes(followup: Followup): Promise<string[]> {
  const types: string[] = [];
  for await (const event of followup.store.readAll()) types.push(event.type);
  return types;
}

t.test('the French export: each recommendation gets its French text; other types skipped', async (t) => {
  const { dir, followup } = await englishImported(t);
  const french = join(dir, 'export-full-fr.json');
  writeFullExport(french, [
    ...translated(FRENCH),
    // A recommendation the English import does not have: unmatched, not an error.
    fullRecord(99, {
      AnnotationType: '- Recommandations',
      Symbol: 'CCPR/C/FRA/CO/6',
      Countries: ['France'],
      Text: "5. L'État partie devrait garantir l'indépendance du pouvoir judiciaire.",
    }),
  ]);
  const before = (await eventTypes(followup)).length;

  const summary = await importUhriTranslations(followup, french, 'fr', { batchSize: 2 });
  t.match(summary, {
    format: 'json',
    language: 'fr',
    records: 10,
    matched: 7,
    translations: { new: 8, changed: 0, unchanged: 0 },
    unmatched: [{ row: 10, id: 'ccpr-c-fra-co-6-5' }],
    skipped: { 'Préoccupations/Observations': 1, 'Aspects positifs': 1 },
    rejected: [],
  });
  const types = await eventTypes(followup);
  t.equal(types.length, before + 8, 'one event a recommendation, a joint report one per State');
  t.same(new Set(types.slice(before)), new Set(['RecommendationTextTranslated']));

  const models = followup.readModels;
  t.match(models.getRecommendation('crc-c-per-co-6-7-18', DAY, ['fr']), {
    language: 'fr',
    languages: ['en', 'fr'],
    text: "Le Comité recommande à l'État partie de renforcer ses efforts pour prévenir la violence contre les enfants.",
  });
  t.match(models.getRecommendation('crc-c-per-co-6-7-18', DAY, []), {
    language: 'en',
    text: /^The Committee recommends/,
  });
  const bareItem = FULL_EXPORT[2]!.ids![0]!;
  t.match(models.getRecommendation(bareItem, DAY, ['fr']), {
    text: 'Enquêter sur tous les cas de violence contre des enfants ;',
  });
  t.match(models.getRecommendation('crc-c-opac-pse-co-1-12-a', DAY, ['fr']), {
    text: "Ériger en infraction le recrutement d'enfants.",
  });
  for (const id of ['a-hrc-53-50-102-blr', 'a-hrc-53-50-102-ltu']) {
    t.match(
      models.getRecommendation(id, DAY, ['fr']),
      {
        text: 'Libérer toutes les personnes détenues pour avoir exercé leurs droits.',
      },
      `${id}: a joint report's recommendation for each State, whatever the States are called in French`,
    );
  }
  t.notOk(models.getRecommendation('ccpr-c-fra-co-6-5', DAY), 'an unmatched record records nothing');

  const again = await importUhriTranslations(followup, french, 'fr');
  t.match(again, { matched: 7, translations: { new: 0, changed: 0, unchanged: 8 }, rejected: [] });
  t.equal((await eventTypes(followup)).length, before + 8, 're-importing the same file appends nothing');
});

t.test('the Spanish export beside the French; a corrected text replaces the one before', async (t) => {
  const { dir, followup } = await englishImported(t);
  const french = join(dir, 'export-full-fr.json');
  writeFullExport(french, translated(FRENCH));
  await importUhriTranslations(followup, french, 'fr');
  const spanish = join(dir, 'export-full-es.json');
  writeFullExport(spanish, translated(SPANISH));

  const summary = await importUhriTranslations(followup, spanish, 'es');
  t.match(summary, { records: 2, matched: 2, translations: { new: 3, changed: 0, unchanged: 0 }, unmatched: [] });
  t.match(followup.readModels.getRecommendation('crc-c-per-co-6-7-18', DAY, ['es']), {
    language: 'es',
    languages: ['en', 'es', 'fr'],
    text: /^El Comité recomienda/,
  });

  const corrected = translated(FRENCH).map((record) =>
    numbered(record) === 2
      ? { ...record, Text: "18. Le Comité recommande à l'État partie d'intensifier ses efforts." }
      : record,
  );
  writeFullExport(french, corrected);
  const newer = await importUhriTranslations(followup, french, 'fr');
  t.match(newer, { matched: 7, translations: { new: 0, changed: 1, unchanged: 7 } });
  t.match(followup.readModels.getRecommendation('crc-c-per-co-6-7-18', DAY, ['fr']), {
    text: "Le Comité recommande à l'État partie d'intensifier ses efforts.",
  });
});

t.test(
  'the command line: --lang checked, a summary that accounts for every record, exit 2 on rejections',
  async (t) => {
    const { dir, followup } = await englishImported(t);
    await followup.close();
    const french = join(dir, 'export-full-fr.json');
    writeFullExport(french, [
      ...translated(FRENCH),
      fullRecord(98, { AnnotationType: '- Recommandations', Symbol: 'CRC/C/PER/CO/6-7', Text: '' }),
      fullRecord(99, {
        AnnotationType: '- Recommandations',
        Symbol: 'CCPR/C/FRA/CO/6',
        Countries: ['France'],
        Text: "5. L'État partie devrait garantir l'indépendance du pouvoir judiciaire.",
      }),
    ]);

    await t.rejects(runImportTranslations(configFor(dir), french, 'en', captureIo()), /English is the original/);
    await t.rejects(runImportTranslations(configFor(dir), french, 'de', captureIo()), /--lang de: must be fr or es/);

    const io = captureIo();
    t.equal(await runImportTranslations(configFor(dir), french, 'fr', io), REJECTED_EXIT);
    t.match(io.out(), /^record 10: the text is empty$/m);
    t.match(io.out(), /^record 11: no recommendation ccpr-c-fra-co-6-5 is recorded$/m);
    t.match(io.out(), /import the English export first/);
    t.match(
      io.out(),
      /^11 records \(json, French\): 7 matched, 1 unmatched, 2 skipped as not recommendations \(1 Préoccupations\/Observations, 1 Aspects positifs\), 1 rejected$/m,
    );
    t.match(io.out(), /^translations \(fr\): 8 new, 0 changed, 0 unchanged$/m);
    t.match(io.err(), /--allow-rejected/);

    const again = captureIo();
    t.equal(await runImportTranslations(configFor(dir), french, 'FR', again, { allowRejected: true }), 0);
    t.match(again.out(), /^translations \(fr\): 0 new, 0 changed, 8 unchanged$/m);
  },
);
