import { LifecycleConflict, RuleViolation } from '../errors.js';
import type { InstitutionState } from '../institution/institution.js';
import type { CalendarDate } from '../vocabulary.js';
import type { ResponsibilityRole } from './events.js';

/** One period an institution was responsible for a recommendation: from `assignedOn`, until `withdrawnOn` if any. */
export interface Responsibility {
  institutionId: string;
  role: ResponsibilityRole;
  assignedOn: CalendarDate;
  /** From this day on it is no longer responsible; absent while it still is. */
  withdrawnOn?: CalendarDate;
}

/** Whether a responsibility holds on a day: assigned on or before it, not withdrawn on or before it. */
export const holdsOn = (responsibility: Responsibility, day: CalendarDate): boolean =>
  responsibility.assignedOn <= day && (responsibility.withdrawnOn === undefined || day < responsibility.withdrawnOn);

/** The responsibilities in force on a day; the current ones when no day is given. */
export function responsibilitiesOn<R extends Responsibility>(all: readonly R[], day?: CalendarDate): R[] {
  return all.filter((r) => (day === undefined ? r.withdrawnOn === undefined : holdsOn(r, day)));
}

/** The lead institution on a day (or now), if any. */
export const leadOn = (all: readonly Responsibility[], day?: CalendarDate): Responsibility | undefined =>
  responsibilitiesOn(all, day).find((r) => r.role === 'lead');

interface Assignment {
  recommendationId: string;
  recommendationState: string;
  issuedOn: CalendarDate;
  institution: InstitutionState;
  institutionId: string;
  role: ResponsibilityRole;
  assignedOn: CalendarDate;
}

/**
 * The rules of assigning: an institution of the recommendation's State, from a day after it was issued, not already
 * responsible, and one lead at a time — now and over time (a lead's period may not overlap another lead's).
 */
export function checkAssignment(all: readonly Responsibility[], a: Assignment): void {
  if (!a.institution.exists) throw new RuleViolation(`institution ${a.institutionId} is not registered`);
  if (a.institution.state !== a.recommendationState) {
    throw new RuleViolation(
      `institution ${a.institutionId} belongs to ${a.institution.state}; recommendation ${a.recommendationId} concerns ${a.recommendationState}`,
    );
  }
  if (a.assignedOn < a.issuedOn) {
    throw new RuleViolation(
      `a responsibility assigned on ${a.assignedOn} cannot precede recommendation ${a.recommendationId}, issued on ${a.issuedOn}`,
    );
  }
  const current = all.find((r) => r.institutionId === a.institutionId && r.withdrawnOn === undefined);
  if (current) {
    throw new LifecycleConflict(
      `${a.institutionId} is already responsible for ${a.recommendationId} (${current.role}, since ${current.assignedOn}): withdraw it first`,
    );
  }
  const ownEarlier = latestWithdrawal(all.filter((r) => r.institutionId === a.institutionId));
  if (ownEarlier && a.assignedOn < ownEarlier) {
    throw new RuleViolation(
      `${a.institutionId} was responsible for ${a.recommendationId} until ${ownEarlier}: it cannot be assigned again from ${a.assignedOn}`,
    );
  }
  if (a.role !== 'lead') return;
  const lead = all.find((r) => r.role === 'lead' && r.withdrawnOn === undefined);
  if (lead) {
    throw new LifecycleConflict(
      `recommendation ${a.recommendationId} has a lead institution, ${lead.institutionId}, since ${lead.assignedOn}: one lead at a time; withdraw it first`,
    );
  }
  const earlierLead = latestWithdrawal(all.filter((r) => r.role === 'lead'));
  if (earlierLead && a.assignedOn < earlierLead) {
    throw new RuleViolation(
      `recommendation ${a.recommendationId} had another lead until ${earlierLead}: a new lead cannot start on ${a.assignedOn}, before that`,
    );
  }
}

/** The rules of withdrawing: only a current responsibility, and not before it began. */
export function checkWithdrawal(
  all: readonly Responsibility[],
  recommendationId: string,
  institutionId: string,
  withdrawnOn: CalendarDate,
): void {
  const current = all.find((r) => r.institutionId === institutionId && r.withdrawnOn === undefined);
  if (!current) {
    throw new LifecycleConflict(`${institutionId} is not responsible for recommendation ${recommendationId}`);
  }
  if (withdrawnOn < current.assignedOn) {
    throw new RuleViolation(
      `a responsibility assigned on ${current.assignedOn} cannot be withdrawn on ${withdrawnOn}, before it began`,
    );
  }
}

/** The responsibilities after a withdrawal: the current period of that institution ends. */
export function withWithdrawal(
  all: readonly Responsibility[],
  institutionId: string,
  withdrawnOn: CalendarDate,
): Responsibility[] {
  return all.map((r) => (r.institutionId === institutionId && r.withdrawnOn === undefined ? { ...r, withdrawnOn } : r));
}

function latestWithdrawal(periods: readonly Responsibility[]): CalendarDate | undefined {
  let latest: CalendarDate | undefined;
  for (const { withdrawnOn } of periods) if (withdrawnOn && (!latest || withdrawnOn > latest)) latest = withdrawnOn;
  return latest;
}
