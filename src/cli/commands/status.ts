/** `followup status <STATE>`: a State's status on a day, as known now or as known at an earlier instant. */

import type { StateStatus } from '../../../projections/index.js';
import { instantOf, stateStatus } from '../../app/queries/state-status.js';
import type { Config } from '../../config.js';
import { stateName } from '../../domain/vocabulary.js';
import { type CommandIo, stateOnDay, withFollowup } from './shared.js';

export interface StatusFlags {
  asOf?: string;
  recordedBefore?: string;
  json?: boolean;
}

export async function runStatus(
  config: Config,
  stateArgument: string,
  flags: StatusFlags,
  io: CommandIo,
): Promise<number> {
  const { state, asOf } = stateOnDay(stateArgument, flags.asOf);
  if (flags.recordedBefore !== undefined && instantOf(flags.recordedBefore) === undefined) {
    throw new Error(`--recorded-before ${flags.recordedBefore}: must be an ISO date or date-time`);
  }
  const { status, now } = await withFollowup(config, async (followup) => ({
    status: stateStatus(followup.readModels, state, asOf, flags.recordedBefore),
    now: flags.recordedBefore === undefined ? undefined : stateStatus(followup.readModels, state, asOf),
  }));
  io.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : describeStatus(status, flags.recordedBefore));
  const note = flags.recordedBefore && now ? emptyBefore(status, now, flags.recordedBefore) : undefined;
  if (note) (flags.json ? io.stderr : io.stdout).write(`note: ${note}\n`);
  return 0;
}

/** Why an answer as recorded before an instant is empty when the same day as recorded now is not. */
function emptyBefore(before: StateStatus, now: StateStatus, instant: string): string | undefined {
  if (before.recommendations > 0 || now.recommendations === 0) return undefined;
  return (
    `nothing about ${before.state} was recorded before ${instant} (log position ${before.position}); as recorded now it ` +
    `has ${now.recommendations} recommendations on ${now.asOf}. --recorded-before asks what the service knew at an ` +
    'instant (when facts were recorded); the day the recommendations concern is --as-of'
  );
}

const counts = (values: Record<string, number>): string =>
  Object.entries(values)
    .map(([key, value]) => `${key.replaceAll('_', ' ')} ${value}`)
    .join(', ');

/** The status as a few lines of text for a person at a terminal. */
export function describeStatus(status: StateStatus, recordedBefore?: string): string {
  const known = recordedBefore ? `as recorded before ${recordedBefore}` : 'as recorded now';
  const mechanisms = Object.entries(status.byMechanism)
    .filter(([, m]) => m.recommendations > 0)
    .map(([name, m]) => `  ${name.padEnd(6)} ${String(m.recommendations).padStart(6)}  ${counts(m.byStatus)}`);
  const accepted = status.byCommitment.accepted;
  const share =
    accepted.recommendations === 0
      ? '–'
      : `${Math.round((100 * accepted.byStatus.implemented) / accepted.recommendations)} %`;
  const apart = (['supported_in_part', 'noted', 'pending', 'special_procedure'] as const)
    .filter((c) => status.byCommitment[c].recommendations > 0)
    .map(
      (c) =>
        `  ${c.replaceAll('_', ' ').padEnd(18)} ${String(status.byCommitment[c].recommendations).padStart(6)}  ${counts(status.byCommitment[c].byStatus)}`,
    );
  return [
    `${status.state} (${stateName(status.state) ?? status.state}) on ${status.asOf}, ${known} (log position ${status.position})`,
    `recommendations  ${status.recommendations}`,
    `accepted         ${accepted.recommendations} (treaty bodies, supported UPR): ${counts(accepted.byStatus)}; implemented ${share}`,
    ...(apart.length > 0 ? ['apart from the accepted', ...apart] : []),
    `implementation   ${counts(status.byStatus)}`,
    `assessment       ${counts(status.byLevel)}`,
    `UPR responses    ${counts(status.upr)}`,
    `follow-up        ${counts(status.followUp)}`,
    ...status.reports.overdueReports.map(
      (report) =>
        `report overdue   ${report.mechanism}: the next after ${report.symbol}, due ${report.due} (${report.daysOverdue} days)`,
    ),
    ...(mechanisms.length > 0 ? ['by mechanism', ...mechanisms] : []),
    '',
  ].join('\n');
}
