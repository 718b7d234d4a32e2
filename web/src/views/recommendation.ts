import { api, type Checkpoint, type History, type HistoryEvent, type Recommendation } from '../api.js';
import { type Child, crumbs, fill, h, userText } from '../dom.js';
import { formatDay, formatMoment, languageName, stateName } from '../format.js';
import { language, t } from '../i18n.js';
import { EVENT_NAMES, gradeWords, MECHANISM_NAMES, ROLE_NAMES, STATUS_NAMES, UPR_NAMES } from '../labels.js';
import type { View } from '../route.js';
import { followUpWords } from './recommendation-list.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What an event recorded, in one line; what users wrote in it isolated. */
function eventWords(event: HistoryEvent): Child[] {
  const d = event.data;
  switch (event.type) {
    case 'RecommendationIssued':
      return [t.recommendation.issued(formatDay(text(d.issuedOn)), text(d.symbol))];
    case 'RecommendationResponded':
      return [
        t.recommendation.responded(
          UPR_NAMES[text(d.position) as keyof typeof UPR_NAMES] ?? text(d.position),
          formatDay(text(d.respondedOn)),
        ),
      ];
    case 'MeasureImplemented':
      return t.recommendation.measure(
        userText(text(d.title)),
        userText(text(d.institution)),
        formatDay(text(d.implementedOn)),
      );
    case 'FollowUpReplyReceived':
      return [t.recommendation.reply(formatDay(text(d.receivedOn)))];
    case 'FollowUpAssessed':
      return [t.recommendation.graded(text(d.grade), formatDay(text(d.assessedOn)))];
    case 'FollowUpReminderSent':
      return [t.recommendation.dialogueStep('reminder', formatDay(text(d.sentOn)), '')];
    case 'FurtherInformationRequested':
      return [
        t.recommendation.dialogueStep(
          'request',
          formatDay(text(d.requestedOn)),
          d.replyBy ? formatDay(text(d.replyBy)) : '',
        ),
      ];
    case 'FollowUpClosed':
      return [t.recommendation.dialogueStep('closure', formatDay(text(d.closedOn)), '')];
    case 'MidTermReportRecorded':
      return [t.recommendation.midTermReport(text(d.symbol), formatDay(text(d.submittedOn)))];
    case 'RecommendationTextTranslated':
      return [t.recommendation.translated(languageName(text(d.language)))];
    default:
      return [];
  }
}

function integrity(history: History): HTMLElement {
  const check = history.integrity;
  if (!check) return h('p', { class: 'integrity unknown' }, t.recommendation.noChain);
  return check.verified
    ? h(
        'p',
        { class: 'integrity ok', 'data-integrity': 'verified' },
        h('span', { 'aria-hidden': 'true' }, '✔ '),
        t.recommendation.verified(history.events.length),
      )
    : h(
        'p',
        { class: 'integrity broken', 'data-integrity': 'broken' },
        h('span', { 'aria-hidden': 'true' }, '✖ '),
        t.recommendation.broken(check.brokenAt),
      );
}

/** Whether the event is in the tree the checkpoint signed: positions up to its last one are. */
const covered = (event: HistoryEvent, checkpoint: Checkpoint | undefined) =>
  checkpoint !== undefined && BigInt(event.position) <= BigInt(checkpoint.position);

function coverage(history: History, checkpoint: Checkpoint | undefined): HTMLElement {
  if (!checkpoint) {
    return h('p', { class: 'integrity unknown', 'data-checkpoint': 'none' }, t.recommendation.noCheckpoint);
  }
  const signed = t.recommendation.signed(checkpoint.treeSize, formatMoment(checkpoint.signedAt), checkpoint.keyId);
  const count = history.events.filter((event) => covered(event, checkpoint)).length;
  const later = history.events.length - count;
  return h(
    'p',
    { class: `integrity ${later === 0 ? 'ok' : 'unknown'}`, 'data-checkpoint': later === 0 ? 'covered' : 'partly' },
    later === 0 ? h('span', { 'aria-hidden': 'true' }, '✔ ') : null,
    later === 0
      ? t.recommendation.covered(signed)
      : t.recommendation.partly(count, history.events.length, signed, later),
  );
}

function facts(r: Recommendation): HTMLElement {
  const row = (label: string, ...value: Child[]) => h('div', {}, h('dt', {}, label), h('dd', {}, ...value));
  const list = (items: string[]): Child[] =>
    items.length === 0 ? [t.none] : items.flatMap((item, i) => (i === 0 ? [userText(item)] : ['; ', userText(item)]));
  return h(
    'dl',
    { class: 'facts' },
    row(t.recommendation.state, h('a', { href: `#/states/${r.state}` }, stateName(r.state))),
    row(t.recommendation.mechanism, `${r.mechanism}: ${MECHANISM_NAMES[r.mechanism]}`),
    row(t.recommendation.issuedOn, formatDay(r.issuedOn)),
    row(
      t.recommendation.statusToday,
      h('span', { class: `status ${r.status}`, 'data-metric': 'status' }, STATUS_NAMES[r.status]),
    ),
    row(t.recommendation.followUp, h('span', { 'data-fact': 'follow-up' }, followUpWords(r))),
    r.followUp
      ? row(
          t.recommendation.standing,
          h(
            'span',
            { class: `standing ${r.followUp.standing}`, 'data-fact': 'standing', 'data-standing': r.followUp.standing },
            t.recommendation.standings[r.followUp.standing],
          ),
        )
      : null,
    r.followUp?.dialogue.length
      ? row(
          t.recommendation.dialogue,
          h(
            'ol',
            { 'data-fact': 'dialogue' },
            r.followUp.dialogue.map((step) =>
              h(
                'li',
                { 'data-kind': step.kind },
                t.recommendation.dialogueStep(
                  step.kind,
                  formatDay(step.on),
                  step.replyBy ? formatDay(step.replyBy) : '',
                ),
                step.symbol ? [' ', userText(step.symbol)] : '',
              ),
            ),
          ),
        )
      : null,
    row(
      t.recommendation.assessment,
      r.assessment
        ? h(
            'span',
            { 'data-fact': 'assessment' },
            `${gradeWords(r.assessment.grade, r.assessment.level)}, ${t.recommendation.assessedOn(formatDay(r.assessment.assessedOn))}`,
            r.assessment.comment
              ? h('q', { class: 'comment', 'data-fact': 'assessment-comment' }, r.assessment.comment)
              : null,
          )
        : t.none,
    ),
    r.priority
      ? row(t.recommendation.priority, h('span', { 'data-fact': 'priority' }, t.recommendation.priorities[r.priority]))
      : null,
    r.uprCycle !== undefined
      ? row(t.recommendation.uprReview, t.recommendation.uprCycle(r.uprCycle, r.uprSession))
      : null,
    r.response
      ? row(
          t.recommendation.position,
          h(
            'span',
            { 'data-fact': 'position' },
            `${UPR_NAMES[r.response.position]} (${formatDay(r.response.respondedOn)}`,
            r.response.source ? `, ${t.recommendation.positionSources[r.response.source.document]}` : '',
            r.response.source?.symbol ? [' ', userText(r.response.source.symbol)] : '',
            ')',
          ),
        )
      : null,
    r.midTermReports
      ? row(
          t.recommendation.midTermReports,
          h(
            'ul',
            { 'data-fact': 'mid-term-reports' },
            r.midTermReports.map((report) =>
              h('li', {}, t.recommendation.midTermReport(report.symbol, formatDay(report.submittedOn))),
            ),
          ),
        )
      : null,
    r.recommendingStates.length
      ? row(t.recommendation.recommendedBy, r.recommendingStates.map(stateName).join('; '))
      : null,
    row(t.recommendation.themes, list(r.themes)),
    r.sdgs.length ? row(t.recommendation.sdgs, list(r.sdgs)) : null,
    r.affectedPersons.length ? row(t.recommendation.affected, list(r.affectedPersons)) : null,
  ) as HTMLElement;
}

function measures(r: Recommendation): HTMLElement {
  if (r.measures.length === 0) return h('p', { class: 'muted' }, t.recommendation.noMeasure);
  return h(
    'ul',
    { class: 'measures', 'data-count': r.measures.length },
    r.measures.map((m) =>
      h(
        'li',
        {},
        h('h3', { dir: 'auto' }, m.title),
        h(
          'p',
          { class: 'muted' },
          t.recommendation.measureLine(userText(m.institution), formatDay(m.implementedOn), m.completes),
        ),
        m.description ? h('p', { dir: 'auto' }, m.description) : null,
        m.evidence.length
          ? h(
              'ul',
              {},
              m.evidence.map((e) =>
                h('li', {}, h('a', { href: e.url, rel: 'noopener noreferrer' }, userText(e.title))),
              ),
            )
          : null,
      ),
    ),
  );
}

function timeline(history: History, checkpoint: Checkpoint | undefined): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', 'data-count': history.events.length },
    history.events.map((event) =>
      h(
        'li',
        { 'data-revision': event.revision, 'data-covered': String(covered(event, checkpoint)) },
        h('h3', {}, EVENT_NAMES[event.type] ?? event.type),
        h(
          'p',
          { class: 'when' },
          h('time', { datetime: event.recordedAt }, formatMoment(event.recordedAt)),
          t.recommendation.by(userText(event.actor.name), ROLE_NAMES[event.actor.role] ?? event.actor.role),
          checkpoint
            ? covered(event, checkpoint)
              ? t.recommendation.inCheckpoint
              : t.recommendation.afterCheckpoint
            : '',
        ),
        eventWords(event).length > 0 ? h('p', {}, eventWords(event)) : null,
        h(
          'p',
          {},
          t.recommendation.statusAfter,
          h('span', { class: `status ${event.status}`, 'data-status': event.status }, STATUS_NAMES[event.status]),
        ),
      ),
    ),
  );
}

/** One recommendation: its text and facts, its measures, and its audit trail. */
export function recommendationView(main: HTMLElement, id: string): View {
  const body = h('div', {}, h('p', {}, t.loading));
  fill(main, body);
  return {
    async refresh() {
      const [r, history, checkpoint] = await Promise.all([
        api.recommendation(id),
        api.history(id),
        api.latestCheckpoint(),
      ]);
      fill(
        body,
        crumbs(
          [
            [t.recommendation.allStates, '#/'],
            [stateName(r.state), `#/states/${r.state}`],
          ],
          `¶ ${r.paragraph}`,
        ),
        h('h1', {}, `${r.symbol} ¶ ${r.paragraph}`),
        h(
          'blockquote',
          { class: 'text', lang: r.language, 'data-language': r.language },
          h('p', { dir: 'auto' }, r.text),
        ),
        r.language === language
          ? null
          : h(
              'p',
              { class: 'hint', 'data-untranslated': language },
              t.recommendation.untranslated(languageName(language)),
            ),
        facts(r),
        h(
          'section',
          { 'aria-labelledby': 'measures' },
          h('h2', { id: 'measures' }, t.recommendation.measures(r.moreMeasures?.total ?? r.measures.length)),
          measures(r),
          r.moreMeasures
            ? h(
                'p',
                { class: 'hint' },
                t.recommendation.firstMeasures(r.measures.length, r.moreMeasures.total),
                h('a', { href: r.moreMeasures.next }, t.recommendation.otherMeasures),
                '.',
              )
            : null,
        ),
        h(
          'section',
          { 'aria-labelledby': 'audit' },
          h('h2', { id: 'audit' }, t.recommendation.audit),
          h('p', { class: 'hint' }, t.recommendation.auditHint),
          integrity(history),
          coverage(history, checkpoint),
          timeline(history, checkpoint),
        ),
      );
    },
  };
}
