// Building the pages. Text always goes in as text nodes, never as markup, so nothing the
// API returns (labels, comments, error messages) can become HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An HTML element: `h('a', { href: '#/runs', class: 'link' }, 'Runs')`. Attributes named
 * `on…` with a function become event listeners; null, undefined and false attributes and
 * children are left out; arrays of children are flattened.
 */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for SVG elements, which need their namespace. */
export function s(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A date the reader's way, with the exact instant in `datetime` (and as a tooltip). */
export function time(value) {
  if (!value) return h('span', { class: 'muted' }, '—');
  const date = new Date(value);
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, date.toLocaleString());
}

/** Metrics and measures: four significant digits are enough to compare, integers stay whole. */
export function number(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** A status word as a coloured badge; the colour comes from the stylesheet, the word carries the meaning. */
export function badge(status) {
  return h('span', { class: `badge status-${String(status).toLowerCase()}` }, status);
}

/** A table from rows; `columns` are [heading, cell(row)] pairs. An empty list says so instead. */
export function table(columns, rows, { caption, empty = 'None.' } = {}) {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row)))))),
  );
}

/** Name/value pairs as a definition list. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

/** A message region: `alert` for errors, announced at once; `status` for outcomes. */
export function notice(kind, text) {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** The id of an audit event or record, shortened for reading; the full id stays in the tooltip. */
export function shortId(id) {
  return h('code', { title: id }, id.length > 13 ? `${id.slice(0, 8)}…` : id);
}

/** The page's title; focusable from script so navigation can move focus to it. */
export function pageHeading(text) {
  return h('h1', { tabindex: '-1' }, text);
}
