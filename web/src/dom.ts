/** A small element builder: no framework, no innerHTML (so no markup injection and no CSP exceptions). */
export type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

function apply(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  apply(element, attributes);
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  apply(element, attributes);
  append(element, children);
  return element;
}

/** A table's column headings (`<th scope="col">`), one for each label. */
export function columns(...labels: Child[]): HTMLElement[] {
  return labels.map((label) => h('th', { scope: 'col' }, label));
}

/**
 * A table in a region of its own, which scrolls sideways on a narrow screen and takes the focus so that a keyboard
 * scrolls it: `region` labels it; its caption is for screen readers only unless `captionShown`; `head` are the cells
 * of its header row, `body` its rows.
 */
export function regionTable(parts: {
  region: string;
  table: Attributes;
  caption: Child;
  captionShown?: boolean;
  head: Child[];
  body: Child;
}): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': parts.region, tabindex: 0 },
    h(
      'table',
      parts.table,
      h('caption', parts.captionShown ? {} : { class: 'visually-hidden' }, parts.caption),
      h('thead', {}, h('tr', {}, parts.head)),
      h('tbody', {}, parts.body),
    ),
  );
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A labelled select; `value` picks the selected option. */
export function select(
  id: string,
  label: string,
  options: readonly (readonly [value: string, text: string])[],
  value: string,
): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id.replace(/^[a-z]+-/, '') },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );
}

/** The breadcrumb trail above a page: links to the pages it sits under (label, then address), then where it is. */
export function crumbs(trail: readonly (readonly [label: string, href: string])[], here: Child): HTMLElement {
  return h(
    'p',
    { class: 'crumbs' },
    trail.map(([label, href]) => [h('a', { href }, label), ' › ']),
    here,
  );
}

/**
 * Text a user wrote, isolated (<bdi>): a bidirectional control or a right-to-left name inside it cannot reorder what
 * the page shows around it (dates, roles, other names).
 */
export const userText = (text: string): HTMLElement => h('bdi', {}, text);
