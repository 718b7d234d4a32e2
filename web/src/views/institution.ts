import { today as todayUtc } from '../../../src/today.js';
import { api } from '../api.js';
import { crumbs, fill, h } from '../dom.js';
import { stateName } from '../format.js';
import { t } from '../i18n.js';
import { notePosition } from '../live.js';
import type { View } from '../route.js';
import { actionTable } from './planning-parts.js';

/** An institution's to-do: its actions, late ones first, and the recommendations it is responsible for. */
export function institutionView(main: HTMLElement, id: string): View {
  return {
    async refresh() {
      const todo = await api.todo(id, todayUtc());
      notePosition(todo.position);
      const { institution } = todo;
      const late = todo.actions.filter((a) => a.late).length;
      fill(
        main,
        crumbs(
          [
            [t.state.allStates, '#/'],
            [t.institution.planOf(stateName(institution.state)), `#/states/${institution.state}/plan`],
          ],
          institution.name,
        ),
        h('h1', {}, institution.name),
        h('p', { class: 'hint' }, t.institution.summary(todo.actions.length, late, todo.recommendations.length)),
        h('h2', {}, t.institution.todo),
        todo.actions.length === 0
          ? h('p', {}, t.institution.noAction)
          : actionTable(todo.actions, () => institution.name, t.institution.actionsCaption),
        h('h2', {}, t.institution.responsibleFor),
        h(
          'ul',
          { class: 'members' },
          todo.recommendations.map((r) =>
            h(
              'li',
              { 'data-id': r.id },
              h('span', { class: 'tag' }, t.institution.roles[r.role] ?? r.role),
              ' ',
              h('span', { class: 'tag' }, r.mechanism),
              ' ',
              h('a', { href: `#/recommendations/${encodeURIComponent(r.id)}` }, `${r.symbol} ¶${r.paragraph}`),
              ' ',
              h('span', { class: `status ${r.status}` }, t.statuses[r.status]),
            ),
          ),
        ),
      );
    },
  };
}
