import { api, type Communication, type StateStatus } from '../api.js';
import { columns, fill, h, regionTable } from '../dom.js';
import { formatDay } from '../format.js';
import { t } from '../i18n.js';

/** At most this many are listed; the summary counts them all. */
const SHOWN = 100;

/**
 * The special procedures' communications awaiting a State's reply on a day (pending and overdue, the reply due first
 * first), with the counts of the State's status.
 */
export function communicationsSection(code: string) {
  const body = h('div', { 'aria-busy': 'true' });
  const element = h(
    'section',
    { 'aria-labelledby': 'communications', class: 'communications' },
    h('h2', { id: 'communications' }, t.communications.heading),
    body,
  );
  let drawn = 0;

  async function draw(status: StateStatus): Promise<void> {
    const ticket = ++drawn;
    body.setAttribute('aria-busy', 'true');
    const page = await api.communications({
      state: code,
      standing: 'pending,overdue',
      asOf: status.asOf,
      limit: String(SHOWN),
    });
    if (ticket !== drawn) return;
    const { sent, pending, overdue, repliedLate } = status.communications;
    fill(
      body,
      h(
        'p',
        { 'data-summary': 'communications' },
        t.communications.summary(sent, pending + overdue, overdue, repliedLate),
      ),
      page.items.length === 0
        ? h('p', { class: 'muted', 'data-empty': 'communications' }, t.communications.none)
        : table(page.items, status.asOf),
      page.next ? h('p', { class: 'hint' }, t.communications.more(SHOWN)) : null,
    );
    body.setAttribute('aria-busy', 'false');
  }

  return { element, draw };
}

function table(items: readonly Communication[], asOf: string): HTMLElement {
  const m = t.communications;
  return regionTable({
    region: m.region,
    table: { class: 'communications-table' },
    caption: m.caption(formatDay(asOf)),
    head: columns(m.reference, m.kind, m.mandates, m.sentOn, m.replyDueOn, m.standing),
    body: items.map((item) =>
      h(
        'tr',
        { 'data-communication': item.id, 'data-standing': item.standing },
        h('th', { scope: 'row' }, item.reference),
        h('td', {}, m.kinds[item.kind]),
        h('td', {}, item.mandates.join(', ')),
        h('td', {}, h('time', { datetime: item.sentOn }, formatDay(item.sentOn))),
        h('td', {}, h('time', { datetime: item.replyDueOn }, formatDay(item.replyDueOn))),
        // Overdue as the other tables mark it: in the alert colour, and in words.
        h('td', item.standing === 'overdue' ? { class: 'alert' } : {}, m.standings[item.standing]),
      ),
    ),
  });
}
