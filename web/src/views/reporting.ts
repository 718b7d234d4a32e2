import type { ReportingCalendar } from '../api.js';
import { columns, h, regionTable, userText } from '../dom.js';
import { formatDay } from '../format.js';
import { t } from '../i18n.js';
import { MECHANISM_NAMES } from '../labels.js';

type ReportCycle = ReportingCalendar['reports'][number];

/** A document and its day, or a dash. */
const dated = (symbol: string | undefined, day: string | undefined, extra?: string) =>
  symbol === undefined || day === undefined
    ? '–'
    : h(
        'span',
        {},
        userText(symbol),
        h('br'),
        h('span', { class: 'muted' }, formatDay(day), extra ? `, ${extra}` : ''),
      );

function nextReportCell(report: ReportCycle): HTMLElement | string {
  const next = report.nextReport;
  if (!next) return '–';
  return h(
    'span',
    { 'data-standing': next.standing },
    formatDay(next.due),
    h('br'),
    h('span', { class: next.standing === 'overdue' ? 'late-tag' : 'muted' }, t.state.standings[next.standing]),
    next.submitted ? h('span', { class: 'muted' }, ' ', userText(next.submitted.symbol)) : null,
  );
}

/** A State's reporting calendar on the day asked: each report's cycle, and the next reports overdue. */
export function reportingSection(calendar: ReportingCalendar): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'reporting', class: 'reporting' },
    h('h2', { id: 'reporting' }, t.state.reporting),
    h('h3', { id: 'overdue-reports' }, t.state.overdueReports),
    calendar.overdue.length === 0
      ? h('p', { class: 'muted', 'data-empty': 'overdue-reports' }, t.state.noOverdueReports)
      : h(
          'ul',
          { class: 'overdue-reports', 'aria-labelledby': 'overdue-reports' },
          calendar.overdue.map((report) =>
            h(
              'li',
              { 'data-report': report.reportId, 'data-days': report.daysOverdue },
              t.state.overdueReport(report.mechanism, report.symbol, formatDay(report.due), report.daysOverdue),
            ),
          ),
        ),
    calendar.reports.length === 0
      ? h('p', { class: 'muted', 'data-empty': 'reporting' }, t.state.noReports)
      : regionTable({
          region: t.state.reportingRegion,
          table: { class: 'reporting-calendar' },
          caption: t.state.reportingCaption,
          head: columns(
            t.state.report,
            t.state.submitted,
            t.state.listOfIssues,
            t.state.listReplies,
            t.state.dialogue,
            t.state.observations,
            t.state.nextReport,
          ),
          body: calendar.reports.map((report) =>
            h(
              'tr',
              { 'data-report': report.reportId },
              h(
                'th',
                { scope: 'row' },
                h('abbr', { title: MECHANISM_NAMES[report.mechanism] }, report.mechanism),
                ' ',
                userText(report.symbol),
              ),
              h('td', {}, formatDay(report.submittedOn)),
              h(
                'td',
                {},
                report.listOfIssues
                  ? dated(
                      report.listOfIssues.symbol,
                      report.listOfIssues.adoptedOn,
                      t.state.listKinds[report.listOfIssues.kind],
                    )
                  : '–',
              ),
              h('td', {}, dated(report.listOfIssuesReplies?.symbol, report.listOfIssuesReplies?.receivedOn)),
              h(
                'td',
                {},
                report.dialogue
                  ? h(
                      'span',
                      {},
                      formatDay(report.dialogue.presentedOn),
                      report.dialogue.endedOn ? ` – ${formatDay(report.dialogue.endedOn)}` : '',
                      h('br'),
                      h('span', { class: 'muted' }, t.state.session(report.dialogue.session)),
                    )
                  : '–',
              ),
              h('td', {}, dated(report.concludingObservations?.symbol, report.concludingObservations?.adoptedOn)),
              h('td', { 'data-next': 'due' }, nextReportCell(report)),
            ),
          ),
        }),
  );
}
