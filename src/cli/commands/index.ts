/** The analysis commands: import, export, replay, status, search, verify. */
import { type Command, Option } from 'commander';
import type { Config } from '../../config.js';
import { IMPORT_UHRI_HELP, REJECTED_EXIT } from './import-help.js';
import { PROJECTION_NAMES, runReplay } from './replay.js';
import { processIo } from './shared.js';

export interface CommandSettings {
  /** Adds the flags every command honours (--data-dir …). */
  withSettings(command: Command): Command;
  /** The configuration from the environment and those flags. */
  configFrom(flags: Record<string, string | boolean | undefined>): Config;
}

// Each command loads its module when run, so `serve` never pays for spreadsheet or CSV libraries at start-up.

/** Runs a command and leaves its exit code for the process to end with. */
const exitWith = (code: number) => {
  process.exitCode = code;
};

export function registerAnalysisCommands(program: Command, { withSettings, configFrom }: CommandSettings): void {
  const imports = program.command('import').description('load recommendations from other sources');
  withSettings(
    imports
      .command('uhri <file>')
      .description(
        'import an OHCHR Universal Human Rights Index export: the full JSON export, or a search export (.xlsx, .csv)',
      ),
  )
    .option('--allow-rejected', `exit 0 even when records were rejected (otherwise ${REJECTED_EXIT})`)
    .option(
      '--lang <language>',
      "the file is the index's French (fr) or Spanish (es) export: record its texts as translations of the " +
        'recommendations already imported',
    )
    .addHelpText('after', IMPORT_UHRI_HELP)
    .action(async (file: string, flags) => {
      const allowRejected = flags.allowRejected === true;
      if (flags.lang !== undefined) {
        const { runImportTranslations } = await import('./import-translations.js');
        return exitWith(
          await runImportTranslations(configFrom(flags), file, flags.lang, processIo(), { allowRejected }),
        );
      }
      exitWith(
        await (await import('./import.js')).runImportUhri(configFrom(flags), file, processIo(), { allowRejected }),
      );
    });

  withSettings(program.command('export').description('write the events, one per line (NDJSON) or row (CSV)'))
    .addOption(new Option('--format <format>', 'ndjson or csv').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--state <state>', 'only the reports and recommendations of this State (ISO alpha-3 or UN name)')
    .option('--type <type...>', 'only these event types')
    .option('--after <position>', 'only events after this global position')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (flags) =>
      exitWith(await (await import('./export.js')).runExport(configFrom(flags), flags, processIo())),
    );

  withSettings(program.command('replay').description('rebuild read models from the log and swap them in atomically'))
    .addOption(new Option('--projection <name...>', 'only these read models').choices(PROJECTION_NAMES))
    .option(
      '--workers <n>',
      'worker threads for the read models kept by stream (default 2 from 100,000 events on two cores; 1: none)',
    )
    .action(async (flags) =>
      exitWith(await runReplay(configFrom(flags), flags.projection, processIo(), { workers: flags.workers })),
    );

  withSettings(program.command('status <state>').description("a State's implementation status (bitemporal)"))
    .option('--as-of <date>', 'the effective day asked about, YYYY-MM-DD (default today)')
    .option('--recorded-before <instant>', 'only what was recorded before this ISO date or date-time')
    .option('--json', 'print the JSON of GET /v1/states/{state}/status')
    .action(async (state: string, flags) =>
      exitWith(await (await import('./status.js')).runStatus(configFrom(flags), state, flags, processIo())),
    );

  withSettings(
    program
      .command('progress-report <state>')
      .description("draft a State's progress report from the log and its plan, each statement citing its event"),
  )
    .option('--as-of <date>', 'what was known on this day, YYYY-MM-DD (default today)')
    .option('--mechanism <mechanism>', "only this mechanism's recommendations (CAT, UPR …)")
    .addOption(new Option('--format <format>', 'markdown, html or docx').choices(['markdown', 'html', 'docx']))
    .option('--out <file>', 'write to this file instead of standard output (required for docx)')
    .action(async (state: string, flags) =>
      exitWith(
        await (await import('./progress-report.js')).runProgressReport(configFrom(flags), state, flags, processIo()),
      ),
    );

  withSettings(
    program
      .command('search <words...>')
      .description(
        'full-text search of the recommendations, best first, with counts by mechanism, State, theme and year ' +
          '(words, "a phrase", prefix*, AND / OR / NOT, as GET /v1/recommendations?q=)',
      ),
  )
    .option('--state <state>', 'only this State (code or name)')
    .option('--mechanism <mechanism>', 'only this mechanism (CAT, UPR, SP…)')
    .option('--theme <theme>', 'only this theme')
    .option('--from <year>', 'issued in this year or later')
    .option('--to <year>', 'issued in this year or earlier')
    .option('--limit <n>', 'recommendations a page (default 20, at most 500)')
    .option('--cursor <cursor>', 'the next page: the cursor the previous one printed')
    .option('--json', 'print the JSON of GET /v1/recommendations?q=')
    .action(async (words: string[], flags) =>
      exitWith(await (await import('./search.js')).runSearch(configFrom(flags), words, flags, processIo())),
    );

  withSettings(
    program
      .command('verify')
      .description(
        "walk every stream's hash chain and check every token's issuer; with --checkpoint, check the log against a " +
          'signed checkpoint kept from GET /v1/checkpoints/latest; non-zero exit on any fault',
      ),
  )
    .option('--checkpoint <file>', 'a checkpoint you kept: the JSON of GET /v1/checkpoints/latest, or its note')
    .option('--public-key <file>', "the service's public key you pinned (PEM, or the verifier key line it logs)")
    .action(async (flags) =>
      exitWith(
        await (await import('./verify.js')).runVerify(configFrom(flags), processIo(), {
          checkpoint: flags.checkpoint,
          publicKey: flags.publicKey,
        }),
      ),
    );
}
