import { api, type Checkpoint, type History, type HistoryEvent, type Recommendation } from '../api.js';
import { type Child, fill, h, userText } from '../dom.js';
import { formatDay, formatMoment, stateName } from '../format.js';
import { EVENT_NAMES, LEVEL_NAMES, MECHANISM_NAMES, ROLE_NAMES, STATUS_NAMES, UPR_NAMES } from '../labels.js';
import type { View } from '../route.js';
import { followUpWords } from './recommendation-list.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What an event recorded, in one line; what users wrote in it isolated. */
function eventWords(event: HistoryEvent): Child[] {
  const d = event.data;
  switch (event.type) {
    case 'RecommendationIssued':
      return [`Issued on ${formatDay(text(d.issuedOn))} in ${text(d.symbol)}.`];
    case 'RecommendationResponded':
      return [
        `${UPR_NAMES[text(d.position) as keyof typeof UPR_NAMES] ?? text(d.position)} on ${formatDay(text(d.respondedOn))}.`,
      ];
    case 'MeasureImplemented':
      return [userText(text(d.title)), ': ', userText(text(d.institution)), `, ${formatDay(text(d.implementedOn))}.`];
    case 'FollowUpReplyReceived':
      return [`Reply received on ${formatDay(text(d.receivedOn))}.`];
    case 'FollowUpAssessed':
      return [`Grade ${text(d.grade)} on ${formatDay(text(d.assessedOn))}.`];
    default:
      return [];
  }
}

function integrity(history: History): HTMLElement {
  const check = history.integrity;
  if (!check) return h('p', { class: 'integrity unknown' }, 'This service does not report a hash-chain check.');
  return check.verified
    ? h(
        'p',
        { class: 'integrity ok', 'data-integrity': 'verified' },
        h('span', { 'aria-hidden': 'true' }, '✔ '),
        `Hash chain verified: the ${history.events.length} events below are as recorded, none altered, removed or reordered.`,
      )
    : h(
        'p',
        { class: 'integrity broken', 'data-integrity': 'broken' },
        h('span', { 'aria-hidden': 'true' }, '✖ '),
        `Hash chain broken at revision ${check.brokenAt}: the history below has been tampered with.`,
      );
}

/** Whether the event is in the tree the checkpoint signed: positions up to its last one are. */
const covered = (event: HistoryEvent, checkpoint: Checkpoint | undefined) =>
  checkpoint !== undefined && BigInt(event.position) <= BigInt(checkpoint.position);

function coverage(history: History, checkpoint: Checkpoint | undefined): HTMLElement {
  if (!checkpoint) {
    return h(
      'p',
      { class: 'integrity unknown', 'data-checkpoint': 'none' },
      'No signed checkpoint: this service has not signed its log, so no auditor holds a copy that would show a later rewrite.',
    );
  }
  const signed = `the checkpoint of ${checkpoint.treeSize} events signed ${formatMoment(checkpoint.signedAt)} (key ${checkpoint.keyId})`;
  const count = history.events.filter((event) => covered(event, checkpoint)).length;
  const later = history.events.length - count;
  return h(
    'p',
    { class: `integrity ${later === 0 ? 'ok' : 'unknown'}`, 'data-checkpoint': later === 0 ? 'covered' : 'partly' },
    later === 0 ? h('span', { 'aria-hidden': 'true' }, '✔ ') : null,
    later === 0
      ? `Covered by ${signed}: whoever kept it can prove each event below is in the log as signed, and would see any rewrite.`
      : `${count} of ${history.events.length} events are covered by ${signed}; the ${later} recorded since will be covered by the next one.`,
  );
}

function facts(r: Recommendation): HTMLElement {
  const row = (label: string, ...value: Child[]) => h('div', {}, h('dt', {}, label), h('dd', {}, ...value));
  const list = (items: string[]): Child[] =>
    items.length === 0 ? ['—'] : items.flatMap((item, i) => (i === 0 ? [userText(item)] : ['; ', userText(item)]));
  return h(
    'dl',
    { class: 'facts' },
    row('State', h('a', { href: `#/states/${r.state}` }, stateName(r.state))),
    row('Mechanism', `${r.mechanism}: ${MECHANISM_NAMES[r.mechanism]}`),
    row('Issued on', formatDay(r.issuedOn)),
    row('Status today', h('span', { class: `status ${r.status}`, 'data-metric': 'status' }, STATUS_NAMES[r.status])),
    row('Follow-up', followUpWords(r)),
    row(
      'Assessment',
      r.assessment
        ? `${r.assessment.grade}: ${LEVEL_NAMES[r.assessment.level]} (${formatDay(r.assessment.assessedOn)})`
        : '—',
    ),
    r.response
      ? row('Position of the State', `${UPR_NAMES[r.response.position]} (${formatDay(r.response.respondedOn)})`)
      : null,
    r.recommendingStates.length ? row('Recommended by', r.recommendingStates.map(stateName).join('; ')) : null,
    row('Themes', list(r.themes)),
    r.sdgs.length ? row('Goals (SDG)', list(r.sdgs)) : null,
    r.affectedPersons.length ? row('Affected persons', list(r.affectedPersons)) : null,
  ) as HTMLElement;
}

function measures(r: Recommendation): HTMLElement {
  if (r.measures.length === 0) return h('p', { class: 'muted' }, 'No measure recorded yet.');
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
          userText(m.institution),
          `, implemented on ${formatDay(m.implementedOn)}${m.completes ? '; completes the recommendation' : ''}`,
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
          ' by ',
          userText(event.actor.name),
          `, as ${ROLE_NAMES[event.actor.role] ?? event.actor.role}`,
          checkpoint
            ? covered(event, checkpoint)
              ? '; in the signed checkpoint'
              : '; after the latest checkpoint'
            : '',
        ),
        eventWords(event).length > 0 ? h('p', {}, eventWords(event)) : null,
        h(
          'p',
          {},
          'Status after: ',
          h('span', { class: `status ${event.status}`, 'data-status': event.status }, STATUS_NAMES[event.status]),
        ),
      ),
    ),
  );
}

/** One recommendation: its text and facts, its measures, and its audit trail. */
export function recommendationView(main: HTMLElement, id: string): View {
  const body = h('div', {}, h('p', {}, 'Loading…'));
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
        h(
          'p',
          { class: 'crumbs' },
          h('a', { href: '#/' }, 'All States'),
          ' › ',
          h('a', { href: `#/states/${r.state}` }, stateName(r.state)),
          ' › ',
          `¶ ${r.paragraph}`,
        ),
        h('h1', {}, `${r.symbol} ¶ ${r.paragraph}`),
        h('blockquote', { class: 'text' }, h('p', { dir: 'auto' }, r.text)),
        facts(r),
        h(
          'section',
          { 'aria-labelledby': 'measures' },
          h('h2', { id: 'measures' }, `Measures (${r.moreMeasures?.total ?? r.measures.length})`),
          measures(r),
          r.moreMeasures
            ? h(
                'p',
                { class: 'hint' },
                `The first ${r.measures.length} of ${r.moreMeasures.total} measures; `,
                h('a', { href: r.moreMeasures.next }, 'the others, a page at a time (JSON)'),
                '.',
              )
            : null,
        ),
        h(
          'section',
          { 'aria-labelledby': 'audit' },
          h('h2', { id: 'audit' }, 'Audit trail'),
          h(
            'p',
            { class: 'hint' },
            'Every event recorded for this recommendation, read from the log itself: who recorded what, when, and the status after it.',
          ),
          integrity(history),
          coverage(history, checkpoint),
          timeline(history, checkpoint),
        ),
      );
    },
  };
}
