import type { Database } from 'better-sqlite3';
import { recommendationOrder } from '../../src/domain/recommendation/order.js';
import { currentAssessment } from '../../src/domain/recommendation/status.js';
import {
  currentStatus,
  firstReplyOn,
  type ImplementationTimeline,
  NO_MEASURES,
  withMeasure,
  withNotStarted,
} from '../../src/domain/recommendation/timeline.js';
import { recordedMs } from '../position.js';
import type { Projected } from '../projection.js';
import { bindMeasureRun, type Stored } from './measure-run.js';
import type { StoredAssessment } from './rows.js';
import { bindStanding, bindStandings } from './standing.js';
import type { Fact } from './tables.js';
import { assessmentView, type DialogueEntry, type MeasureView } from './view.js';

/** The events this read model handles, as it receives them. */
export type RecommendationFact = Projected<
  | 'RecommendationIssued'
  | 'RecommendationResponded'
  | 'MeasureImplemented'
  | 'NotStartedRecorded'
  | 'RecommendationTextChanged'
  | 'RecommendationTextTranslated'
  | 'RecommendationReclassified'
  | 'RecommendingStatesAdded'
  | 'FollowUpReplyReceived'
  | 'FollowUpAssessed'
  | 'ResponsibilityAssigned'
  | 'ResponsibilityWithdrawn'
  | 'FollowUpReminderSent'
  | 'FurtherInformationRequested'
  | 'FollowUpClosed'
  | 'MidTermReportRecorded'
>;
type Issued = Extract<RecommendationFact, { type: 'RecommendationIssued' }>;
type Measure = Extract<RecommendationFact, { type: 'MeasureImplemented' }>;
type NotStarted = Extract<RecommendationFact, { type: 'NotStartedRecorded' }>;
type Assessed = Extract<RecommendationFact, { type: 'FollowUpAssessed' }>['data'];

/** A responsibility in force, as the recommendation's row keeps it. */
export interface CurrentResponsibility {
  institutionId: string;
  role: 'lead' | 'support';
  assignedOn: string;
}

/** Prepares the statements once and returns the reducer applying one recommendation event. */
export function bindRecommendations(db: Database): (event: RecommendationFact) => void {
  const { apply, settle, forget } = bindRows(db);
  const stand = bindStanding(db);
  return (event) => {
    // Nothing is held from one event to the next: another connection may write the rows between transactions.
    try {
      apply(event);
      settle();
    } finally {
      forget();
    }
    stand(event);
  };
}

/**
 * The reducer applying a page of recommendation events at once (a rebuild): the rows event by event, then the
 * standing of each recommendation the page changed, once, as it stands after the page.
 */
export function bindRecommendationPages(db: Database): (events: readonly RecommendationFact[]) => void {
  const { apply, settle, forget } = bindRows(db);
  const standMany = bindStandings(db);
  return (events) => {
    try {
      for (const event of events) apply(event);
      settle();
    } finally {
      forget();
    }
    standMany(events);
  };
}

/**
 * The reducer applying one event to the recommendations' rows, all but their standing; `settle` writes the row a run
 * of measures left in memory (measure-run.ts), `forget` drops it (after settling, or when the transaction failed).
 */
function bindRows(db: Database): {
  apply: (event: RecommendationFact) => void;
  settle: () => void;
  forget: () => void;
} {
  const run = bindMeasureRun(db);
  const issue = db.prepare(`
    INSERT OR IGNORE INTO recommendations (id, state, mechanism, symbol, paragraph, text, issued_on, report_id,
      themes, sdgs, affected_persons, recommending_states, status, follow_up_deadline, follow_up_deadline_from, mandates,
      upr_session, upr_cycle, other_states_concerned, unmapped_recommending_states, priority, sort_key, revision)
    VALUES (:id, :state, :mechanism, :symbol, :paragraph, :text, :issuedOn, :reportId,
      :themes, :sdgs, :affectedPersons, :recommendingStates, 'no_information', :deadline, :deadlineFrom, :mandates,
      :uprSession, :uprCycle, :otherStatesConcerned, :unmappedRecommendingStates, :priority, :sortKey, :revision)
  `);
  const tagTheme = db.prepare('INSERT OR IGNORE INTO recommendation_themes (theme, recommendation_id) VALUES (?, ?)');
  const tagMandate = db.prepare(
    'INSERT OR IGNORE INTO recommendation_mandates (mandate, recommendation_id) VALUES (?, ?)',
  );
  const changeText = db.prepare('UPDATE recommendations SET text = :text, revision = :revision WHERE id = :id');
  const touch = db.prepare('UPDATE recommendations SET revision = :revision WHERE id = :id');
  const translate = db.prepare(`
    INSERT INTO recommendation_translations (recommendation_id, language, text) VALUES (?, ?, ?)
    ON CONFLICT (recommendation_id, language) DO UPDATE SET text = excluded.text
  `);
  const dropTranslations = db.prepare('DELETE FROM recommendation_translations WHERE recommendation_id = ?');
  const reclassify = db.prepare(`
    UPDATE recommendations SET themes = :themes, sdgs = :sdgs, affected_persons = :affectedPersons, revision = :revision
    WHERE id = :id
  `);
  const untagThemes = db.prepare('DELETE FROM recommendation_themes WHERE recommendation_id = ?');
  const selectRecommending = db.prepare<[string], { recommending_states: string; unmapped: string | null }>(
    'SELECT recommending_states, unmapped_recommending_states AS unmapped FROM recommendations WHERE id = ?',
  );
  const addRecommending = db.prepare(`
    UPDATE recommendations SET recommending_states = :states, unmapped_recommending_states = :unmapped,
      revision = :revision
    WHERE id = :id
  `);
  const recordNotStarted = db.prepare(`
    UPDATE recommendations SET status = :status, not_started_from = :notStartedFrom, not_started = :notStarted,
      revision = :revision
    WHERE id = :id
  `);
  // Guarded by the revision: an event already applied (or for a recommendation never issued) changes no row, so the
  // row is not read first.
  const respond = db.prepare(`
    UPDATE recommendations SET response_position = :position, responded_on = :respondedOn,
      response_comment = :comment, response_source = :source, response_source_symbol = :sourceSymbol,
      revision = :revision
    WHERE id = :id AND revision < :revision
  `);
  const insertMeasure = db.prepare(
    'INSERT OR IGNORE INTO recommendation_measures (recommendation_id, seq, measure) VALUES (?, ?, ?)',
  );
  const receiveReply = db.prepare(
    'UPDATE recommendations SET first_reply_on = :firstReplyOn, revision = :revision WHERE id = :id',
  );
  const insertAssessment = db.prepare(`
    INSERT OR IGNORE INTO recommendation_assessments (recommendation_id, seq, assessed_on, grade, level, part, symbol,
      session, comment)
    VALUES (:id, :seq, :assessedOn, :grade, :level, :part, :symbol, :session, :comment)
  `);
  const selectAssessments = db.prepare<[string], StoredAssessment>(
    'SELECT grade, level, assessed_on AS assessedOn, part, symbol, session, comment FROM recommendation_assessments WHERE recommendation_id = ? ORDER BY seq',
  );
  const insertDialogue = db.prepare(
    'INSERT OR IGNORE INTO recommendation_follow_up_dialogue (recommendation_id, seq, entry) VALUES (?, ?, ?)',
  );
  const insertMidTermReport = db.prepare(
    'INSERT OR IGNORE INTO recommendation_mid_term_reports (recommendation_id, seq, entry) VALUES (?, ?, ?)',
  );
  const close = db.prepare('UPDATE recommendations SET closed_on = :closedOn, revision = :revision WHERE id = :id');
  const assess = db.prepare(
    'UPDATE recommendations SET assessment = :assessment, level = :level, revision = :revision WHERE id = :id',
  );
  const selectResponsibilities = db
    .prepare<[string], string | null>('SELECT responsibilities FROM recommendations WHERE id = ?')
    .pluck();
  const setResponsibilities = db.prepare(`
    UPDATE recommendations SET responsibilities = :responsibilities, lead_institution = :lead, revision = :revision
    WHERE id = :id
  `);
  /** The responsibilities in force after one is assigned or withdrawn: the lead among them is kept apart. */
  function responsibilitiesChanged(id: string, current: CurrentResponsibility[], revision: number): void {
    const lead = current.find((r) => r.role === 'lead')?.institutionId ?? null;
    const responsibilities = current.length > 0 ? JSON.stringify(current) : null;
    setResponsibilities.run({ id, responsibilities, lead, revision });
  }
  const insertFact = db.prepare(`
    INSERT OR IGNORE INTO recommendation_facts (recommendation_id, seq, fact, effective_on, recorded_at, value, part)
    VALUES (?, ?, ?, ?, ?, ?, ?)
  `);
  /** Keeps what the event says with the day it took effect and the instant it was recorded. */
  const fact = (
    event: RecommendationFact,
    id: string,
    kind: Fact,
    effectiveOn: string,
    value: string | null = null,
    part: string | null = null,
  ) => insertFact.run(id, event.revision, kind, effectiveOn, recordedMs(event.metadata.recordedAt), value, part);
  /** One more entry of the follow-up dialogue, with its kind and the instant it was recorded. */
  const dialogue = (event: RecommendationFact, id: string, kind: DialogueEntry['kind'], on: string, day: string) => {
    const { recommendationId: _id, [day]: _day, ...said } = event.data as Record<string, unknown>;
    const entry = { kind, on, ...said, recordedAt: event.metadata.recordedAt };
    insertDialogue.run(id, event.revision, JSON.stringify(entry));
  };

  function issued(event: Issued): void {
    const { data, revision } = event;
    const { themes, sdgs, affectedPersons, recommendingStates, mandates = [] } = data;
    const list = (values: readonly string[] | undefined) =>
      values && values.length > 0 ? JSON.stringify(values) : null;
    const inserted = issue.run({
      ...data,
      id: data.recommendationId,
      reportId: data.reportId ?? null,
      themes: JSON.stringify(themes),
      sdgs: JSON.stringify(sdgs),
      affectedPersons: JSON.stringify(affectedPersons),
      recommendingStates: JSON.stringify(recommendingStates),
      deadline: data.followUp?.deadline ?? null,
      deadlineFrom: data.followUp?.deadlineFrom ?? null,
      mandates: list(mandates),
      uprSession: data.uprSession ?? null,
      uprCycle: data.uprCycle ?? null,
      priority: data.priority ?? null,
      otherStatesConcerned: list(data.otherStatesConcerned),
      unmappedRecommendingStates: list(data.unmappedRecommendingStates),
      sortKey: recommendationOrder(data.symbol, data.paragraph, data.recommendationId),
      revision,
    });
    if (inserted.changes === 0) return;
    run.issued(data.recommendationId, {
      revision,
      status: 'no_information',
      not_started_from: null,
      in_progress_from: null,
      implemented_from: null,
      first_reply_on: null,
    });
    for (const theme of themes) tagTheme.run(theme, data.recommendationId);
    for (const mandate of mandates) tagMandate.run(mandate, data.recommendationId);
    fact(event, data.recommendationId, 'issued', data.issuedOn);
  }

  const timelineOf = (stored: Stored): ImplementationTimeline => ({
    notStartedFrom: stored.not_started_from,
    inProgressFrom: stored.in_progress_from,
    implementedFrom: stored.implemented_from,
  });

  function notStartedRecorded(event: NotStarted, stored: Stored): void {
    const { data, revision } = event;
    const timeline = withNotStarted(timelineOf(stored), data);
    const statement = { recordedOn: data.recordedOn, ...(data.note !== undefined && { note: data.note }) };
    recordNotStarted.run({
      id: data.recommendationId,
      status: currentStatus(timeline),
      notStartedFrom: timeline.notStartedFrom,
      notStarted: JSON.stringify(statement),
      revision,
    });
    fact(event, data.recommendationId, 'not_started', data.recordedOn);
  }

  function measureImplemented(event: Measure, stored: Stored): void {
    const { data } = event;
    const measure: MeasureView = {
      title: data.title,
      institution: data.institution,
      implementedOn: data.implementedOn,
      ...(data.description !== undefined && { description: data.description }),
      evidence: data.evidence,
      completes: data.completes,
      ...(data.actionId !== undefined && { actionId: data.actionId }),
      recordedAt: event.metadata.recordedAt,
    };
    insertMeasure.run(data.recommendationId, event.revision, JSON.stringify(measure));
    const timeline = withMeasure(timelineOf(stored), measure);
    // The row is written when the run of measures ends (settle).
    run.measured(data.recommendationId, stored, {
      ...stored,
      status: currentStatus(timeline),
      in_progress_from: timeline.inProgressFrom,
      implemented_from: timeline.implementedFrom,
      revision: event.revision,
    });
    fact(event, data.recommendationId, 'measure', data.implementedOn, currentStatus(withMeasure(NO_MEASURES, data)));
  }

  function assessed(data: Assessed, revision: number): void {
    const { recommendationId: id, assessedOn, grade, level } = data;
    const session = data.session ?? null;
    const comment = data.comment ?? null;
    const part = data.part ?? null;
    const symbol = data.symbol ?? null;
    insertAssessment.run({ id, seq: revision, assessedOn, grade, level, part, symbol, session, comment });
    const all = selectAssessments.all(id).map(assessmentView);
    const current = currentAssessment(all);
    assess.run({ id, assessment: current ? JSON.stringify(current) : null, level: current?.level ?? null, revision });
  }

  const apply = (event: RecommendationFact) => {
    const revision = event.revision;
    const id = event.data.recommendationId;
    run.before(id, event.type);
    if (event.type === 'RecommendationIssued') return issued(event);

    if (event.type === 'RecommendationResponded') {
      // A later response replaces the earlier one: the row keeps the State's position as last given.
      const { position, respondedOn, comment = null, source } = event.data;
      const sourceOf = { source: source?.document ?? null, sourceSymbol: source?.symbol ?? null };
      if (respond.run({ id, position, respondedOn, comment, ...sourceOf, revision }).changes === 0) return;
      fact(event, id, 'response', respondedOn, position);
      return;
    }
    const stored = run.row(id);
    // An event already applied (or one for a recommendation never issued) changes nothing.
    if (!stored || stored.revision >= revision) return;
    switch (event.type) {
      case 'MeasureImplemented':
        return measureImplemented(event, stored);
      case 'NotStartedRecorded':
        return notStartedRecorded(event, stored);
      case 'RecommendationTextChanged':
        changeText.run({ id, text: event.data.text, revision });
        // withTranslationEvent: a changed original drops the translations of the text before it.
        dropTranslations.run(id);
        return;
      case 'RecommendationTextTranslated':
        translate.run(id, event.data.language, event.data.text);
        touch.run({ id, revision });
        return;
      case 'RecommendationReclassified': {
        const { themes, sdgs, affectedPersons } = event.data;
        reclassify.run({
          id,
          themes: JSON.stringify(themes),
          sdgs: JSON.stringify(sdgs),
          affectedPersons: JSON.stringify(affectedPersons),
          revision,
        });
        untagThemes.run(id);
        for (const theme of themes) tagTheme.run(theme, id);
        return;
      }
      case 'RecommendingStatesAdded': {
        const row = selectRecommending.get(id);
        const states = [
          ...new Set([...(JSON.parse(row?.recommending_states ?? '[]') as string[]), ...event.data.states]),
        ];
        const unmapped = [
          ...new Set([...(JSON.parse(row?.unmapped ?? '[]') as string[]), ...(event.data.unmapped ?? [])]),
        ];
        addRecommending.run({
          id,
          states: JSON.stringify(states),
          unmapped: unmapped.length > 0 ? JSON.stringify(unmapped) : null,
          revision,
        });
        return;
      }
      case 'FollowUpReplyReceived': {
        const { receivedOn } = event.data;
        const replies = stored.first_reply_on === null ? [] : [{ receivedOn: stored.first_reply_on }];
        receiveReply.run({ id, firstReplyOn: firstReplyOn([...replies, { receivedOn }]), revision });
        dialogue(event, id, 'reply', receivedOn, 'receivedOn');
        fact(event, id, 'reply', receivedOn);
        return;
      }
      case 'FollowUpAssessed': {
        const { data } = event;
        assessed(data, revision);
        fact(event, id, 'assessment', data.assessedOn, data.level, data.part ?? null);
        return;
      }
      case 'ResponsibilityAssigned': {
        const { institutionId, role, assignedOn } = event.data;
        const current = JSON.parse(selectResponsibilities.get(id) ?? '[]') as CurrentResponsibility[];
        responsibilitiesChanged(id, [...current, { institutionId, role, assignedOn }], revision);
        return;
      }
      case 'ResponsibilityWithdrawn': {
        const current = JSON.parse(selectResponsibilities.get(id) ?? '[]') as CurrentResponsibility[];
        const kept = current.filter((r) => r.institutionId !== event.data.institutionId);
        responsibilitiesChanged(id, kept, revision);
        return;
      }
      case 'FollowUpReminderSent':
        dialogue(event, id, 'reminder', event.data.sentOn, 'sentOn');
        touch.run({ id, revision });
        return;
      case 'FurtherInformationRequested':
        dialogue(event, id, 'request', event.data.requestedOn, 'requestedOn');
        touch.run({ id, revision });
        return;
      case 'MidTermReportRecorded': {
        const { recommendationId: _id, ...report } = event.data;
        insertMidTermReport.run(id, revision, JSON.stringify({ ...report, recordedAt: event.metadata.recordedAt }));
        touch.run({ id, revision });
        return;
      }
      case 'FollowUpClosed':
        dialogue(event, id, 'closure', event.data.closedOn, 'closedOn');
        close.run({ id, closedOn: event.data.closedOn, revision });
        fact(event, id, 'closure', event.data.closedOn);
        return;
    }
  };
  return { apply, settle: run.settle, forget: run.forget };
}
