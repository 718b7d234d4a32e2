import { today as todayUtc } from '../../../src/today.js';
import { api } from '../api.js';
import { fill, h } from '../dom.js';
import { stateName } from '../format.js';
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
        h(
          'p',
          { class: 'crumbs' },
          h('a', { href: '#/' }, 'All States'),
          ' › ',
          h('a', { href: `#/states/${institution.state}/plan` }, `${stateName(institution.state)}: plan`),
          ' › ',
          institution.name,
        ),
        h('h1', {}, institution.name),
        h(
          'p',
          { class: 'hint' },
          `${todo.actions.length} actions, ${late} late; ${todo.recommendations.length} recommendations.`,
        ),
        h('h2', {}, 'To do'),
        todo.actions.length === 0
          ? h('p', {}, 'No action for this institution.')
          : actionTable(todo.actions, () => institution.name, 'Its actions, late ones first'),
        h('h2', {}, 'Recommendations it is responsible for'),
        h(
          'ul',
          { class: 'members' },
          todo.recommendations.map((r) =>
            h(
              'li',
              { 'data-id': r.id },
              h('span', { class: 'tag' }, r.role),
              ' ',
              h('span', { class: 'tag' }, r.mechanism),
              ' ',
              h('a', { href: `#/recommendations/${encodeURIComponent(r.id)}` }, `${r.symbol} ¶${r.paragraph}`),
              ' ',
              h('span', { class: `status ${r.status}` }, r.status.replace('_', ' ')),
            ),
          ),
        ),
      );
    },
  };
}
