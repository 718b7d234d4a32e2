import { LifecycleConflict, RuleViolation } from '../errors.js';
import { defaultFollowUpDeadline, followUpRuleOf, gradeOnScale } from '../procedure/follow-up-rules.js';
import type { CalendarDate, Mechanism } from '../vocabulary.js';
import type { IssueRecommendation, RecommendationCommand } from './commands.js';
import type { RecommendationEvent } from './events.js';

type EventData<Type extends RecommendationEvent['type']> = Extract<RecommendationEvent, { type: Type }>['data'];
type FollowUpCommand = Extract<
  RecommendationCommand,
  {
    type:
      | 'ReceiveFollowUpReply'
      | 'AssessFollowUp'
      | 'SendFollowUpReminder'
      | 'RequestFurtherInformation'
      | 'CloseFollowUp';
  }
>;

/** What the follow-up rules need of a recommendation selected for follow-up. */
export interface FollowUpFacts {
  id: string;
  mechanism: Mechanism;
  issuedOn: CalendarDate;
  followUp?: { deadline: CalendarDate };
  closedOn?: CalendarDate;
}

/**
 * The follow-up a recommendation is selected with: the deadline given wins; without one, the body's default
 * (follow-up-rules.ts). A body without a procedure selects nothing.
 */
export function selection(data: IssueRecommendation): EventData<'RecommendationIssued'>['followUp'] {
  if (!data.followUp) return undefined;
  const rule = followUpRuleOf(data.mechanism);
  if (!rule.procedure) {
    throw new RuleViolation(`${data.mechanism} has no follow-up procedure: its recommendations cannot be selected`);
  }
  const { deadline: given, sessionEndedOn } = data.followUp;
  if (sessionEndedOn !== undefined && sessionEndedOn < data.issuedOn) {
    throw new RuleViolation(
      `the session cannot end on ${sessionEndedOn}, before the recommendation was issued on ${data.issuedOn}`,
    );
  }
  const deadline =
    given ??
    defaultFollowUpDeadline(data.mechanism, {
      adoptedOn: data.issuedOn,
      ...(sessionEndedOn !== undefined && { sessionEndedOn }),
    })!;
  if (deadline <= data.issuedOn) {
    throw new RuleViolation(
      `the follow-up deadline ${deadline} must come after the recommendation is issued on ${data.issuedOn}`,
    );
  }
  return given === undefined ? { deadline, deadlineFrom: 'body_default' } : { deadline };
}

/** The events of a command of the follow-up dialogue, or why it is refused. */
export function decideFollowUp(command: FollowUpCommand, recommendation: FollowUpFacts): RecommendationEvent[] {
  const { id } = recommendation;
  const followUp = recommendation.followUp;
  if (!followUp) {
    throw new RuleViolation(`recommendation ${id} was not selected for follow-up: ${CONSEQUENCE[command.type]}`);
  }
  const day = dayOf(command);
  if (day < recommendation.issuedOn) {
    throw new RuleViolation(
      `${FACT[command.type]} on ${day} cannot precede recommendation ${id}, issued on ${recommendation.issuedOn}`,
    );
  }
  const closedOn = recommendation.closedOn;
  switch (command.type) {
    case 'ReceiveFollowUpReply':
      return [{ type: 'FollowUpReplyReceived', data: { recommendationId: id, ...command.data } }];
    case 'AssessFollowUp': {
      const step = gradeOnScale(recommendation.mechanism, command.data.grade);
      if (!step) {
        const scale = followUpRuleOf(recommendation.mechanism).procedure!.scale.map((known) => known.grade);
        throw new RuleViolation(
          `grade ${command.data.grade} is not on ${recommendation.mechanism}'s scale (${scale.join(' ')})`,
        );
      }
      const { part, ...assessment } = command.data;
      // A sub-paragraph is kept as its letter or numeral alone: (a), A and a are one part.
      const named = part === undefined ? {} : { part: part.replace(/[()\s]/g, '').toLowerCase() };
      return [{ type: 'FollowUpAssessed', data: { recommendationId: id, ...assessment, ...named, level: step.level } }];
    }
    case 'SendFollowUpReminder':
      if (closedOn !== undefined) throw closed(id, closedOn, 'a reminder');
      if (command.data.sentOn <= followUp.deadline) {
        throw new RuleViolation(
          `a reminder goes to a State whose reply is late: the deadline of recommendation ${id} is ${followUp.deadline}, not before ${command.data.sentOn}`,
        );
      }
      return [{ type: 'FollowUpReminderSent', data: { recommendationId: id, ...command.data } }];
    case 'RequestFurtherInformation': {
      if (closedOn !== undefined) throw closed(id, closedOn, 'a request for further information');
      const { replyBy, requestedOn } = command.data;
      if (replyBy !== undefined && replyBy <= requestedOn) {
        throw new RuleViolation(
          `further information cannot be due on ${replyBy}, before it is asked on ${requestedOn}`,
        );
      }
      return [{ type: 'FurtherInformationRequested', data: { recommendationId: id, ...command.data } }];
    }
    case 'CloseFollowUp':
      if (closedOn !== undefined) throw closed(id, closedOn, 'another closure');
      return [{ type: 'FollowUpClosed', data: { recommendationId: id, ...command.data } }];
  }
}

const closed = (id: string, closedOn: CalendarDate, what: string) =>
  new LifecycleConflict(`the follow-up of recommendation ${id} was closed on ${closedOn}: it takes ${what} no more`);

function dayOf(command: FollowUpCommand): CalendarDate {
  switch (command.type) {
    case 'ReceiveFollowUpReply':
      return command.data.receivedOn;
    case 'AssessFollowUp':
      return command.data.assessedOn;
    case 'SendFollowUpReminder':
      return command.data.sentOn;
    case 'RequestFurtherInformation':
      return command.data.requestedOn;
    case 'CloseFollowUp':
      return command.data.closedOn;
  }
}

const CONSEQUENCE: Record<FollowUpCommand['type'], string> = {
  ReceiveFollowUpReply: 'it takes no follow-up reply',
  AssessFollowUp: 'it cannot be assessed',
  SendFollowUpReminder: 'no reminder is due',
  RequestFurtherInformation: 'no further information is asked',
  CloseFollowUp: 'there is no procedure to close',
};

const FACT: Record<FollowUpCommand['type'], string> = {
  ReceiveFollowUpReply: 'a follow-up reply received',
  AssessFollowUp: 'an assessment made',
  SendFollowUpReminder: 'a reminder sent',
  RequestFurtherInformation: 'a request for further information',
  CloseFollowUp: 'a closure of the follow-up',
};
